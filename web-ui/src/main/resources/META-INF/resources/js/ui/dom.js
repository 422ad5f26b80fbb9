// A tiny element builder: h('button', {class: 'x', onclick}, 'text', child).
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else if (key in element && key !== 'list') element[key] = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

/** A polite live region announcement for screen readers and a visible toast. */
export function toast(text) {
  const region = document.getElementById('toasts');
  if (!region) return;
  const item = h('div', { class: 'toast', role: 'status' }, text);
  region.append(item);
  setTimeout(() => item.remove(), 4000);
}
