// Control icons: small stroke drawings shipped with the UI (no icon font or CDN), built as DOM so the strict
// Content-Security-Policy has nothing inline to refuse. Each is decorative: buttons keep their text labels.
const NS = 'http://www.w3.org/2000/svg';

const shapes = {
  mic: ['M12 3a3 3 0 0 1 3 3v6a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3z', 'M5 11a7 7 0 0 0 14 0', 'M12 18v3'],
  camera: ['M3 7h12v10H3z', 'M15 10l6-3v10l-6-3'],
  screen: ['M3 4h18v12H3z', 'M8 20h8', 'M12 16v4'],
  hand: ['M7 12V6a1.5 1.5 0 0 1 3 0v5', 'M10 11V4.5a1.5 1.5 0 0 1 3 0V11', 'M13 11V5.5a1.5 1.5 0 0 1 3 0V12',
    'M16 12V8.5a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-7 7h-1a6 6 0 0 1-5-3l-2.5-4.5a1.5 1.5 0 0 1 2.5-1.5L7 14'],
  chat: ['M4 5h16v11H9l-5 4z'],
  people: ['M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M3 20a6 6 0 0 1 12 0', 'M16 5a3 3 0 0 1 0 6', 'M18 14a5 5 0 0 1 3 6'],
  leave: ['M4 14c4-4 12-4 16 0l-2 3-3-1v-2a9 9 0 0 0-6 0v2l-3 1z'],
  speaker: ['M4 9h4l5-4v14l-5-4H4z', 'M16 9a4 4 0 0 1 0 6', 'M18.5 6.5a8 8 0 0 1 0 11'],
  stage: ['M3 4h13v12H3z', 'M18 4h3v3.5h-3z', 'M18 10.5h3V14h-3z', 'M3 20h18'],
  pin: ['M9 3h6l-1 6 3 3H7l3-3z', 'M12 12v9'],
  shield: ['M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z', 'M8.5 12l2.5 2.5 4.5-5'],
  lock: ['M6 11h12v10H6z', 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3'],
  slash: ['M4 4l16 16'],
};

/** An icon element; {@code off} adds the strike-through used for muted microphone and camera. */
export function icon(name, { off = false } = {}) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `icon icon-${name}`);
  for (const d of [...shapes[name], ...(off ? shapes.slash : [])]) {
    const path = document.createElementNS(NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

export const iconNames = Object.keys(shapes);
