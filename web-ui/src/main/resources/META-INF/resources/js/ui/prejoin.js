import { listDevices, openLocalMedia, setEnabled, hasTrack } from '../media.js';
import { t } from '../i18n.js';
import { h, toast } from './dom.js';
import { bestRelay, checkNetwork, needsRelay, summarize } from '../netcheck.js';
import { loadSettings, rememberedSwitch, rememberedText, saveSetting } from '../settings.js';

const PATHS = ['udp', 'turnUdp', 'turnTcp', 'turnTls'];

/**
 * The network check's panel: filled in when the check ends, its results also as data attributes.
 * @param {(found: {relayOnly: boolean, relayVia: string | null, iceServers: RTCIceServer[] | null}) => void} onDone
 */
function networkPanel(room, config, onDone) {
  const summary = h('p', { id: 'network-summary', role: 'status' }, t('netcheck.running'));
  const details = h('ul', { class: 'network-paths' });
  const panel = h('section', { id: 'network-check', class: 'network-check', 'data-state': 'running',
    'aria-label': t('netcheck.title') }, summary, details);
  checkNetwork({ room, credentialServiceUrl: config.credentialServiceUrl }).then(({ result, iceServers }) => {
    const { key, level } = summarize(result);
    summary.textContent = t(key);
    panel.dataset.level = level;
    panel.dataset.summary = key;
    for (const [name, outcome] of Object.entries(result)) panel.dataset[name] = outcome;
    details.replaceChildren(...PATHS.filter((path) => result[path] !== 'none').map((path) =>
      h('li', { 'data-outcome': result[path] }, `${result[path] === 'ok' ? '✓' : '✗'} ${t(`netcheck.${path}`)}`)));
    panel.dataset.state = 'done';
    onDone({ relayOnly: needsRelay(result), relayVia: bestRelay(result), iceServers });
  });
  return panel;
}

/**
 * The pre-join screen: name, preview, devices, mic/camera toggles.
 * @param {{onSettings?: (chosen: {stream: MediaStream, privacy: boolean, network: object | null}) => void}} [hooks]
 *   onSettings: called whenever the stream, privacy mode or the network check's findings change
 * @returns {Promise<{name: string, stream: MediaStream, audio: boolean, video: boolean, privacy: boolean,
 *   network: {relayOnly: boolean, relayVia: string | null, iceServers: RTCIceServer[] | null} | null}>} on join
 *   (network: null while the check still runs)
 */
export async function renderPrejoin(root, room, config = {}, { onSettings = () => {} } = {}) {
  const remembered = loadSettings();
  const chosen = { audio: remembered.audioDevice, video: remembered.videoDevice };
  // Not a blank page while the browser asks for permission (or is slow to open the devices).
  root.replaceChildren(h('section', { class: 'card', id: 'opening-media', role: 'status' },
    h('p', {}, t('prejoin.opening'))));
  let { stream, notice } = await openLocalMedia({ audioDeviceId: chosen.audio, videoDeviceId: chosen.video });
  if (notice && (chosen.audio || chosen.video)) {
    // A remembered device is gone (unplugged, another machine): the defaults then.
    stream.getTracks().forEach((track) => track.stop());
    chosen.audio = undefined;
    chosen.video = undefined;
    ({ stream, notice } = await openLocalMedia());
  }
  let audio = hasTrack(stream, 'audio') && remembered.audioOn;
  let video = hasTrack(stream, 'video') && remembered.videoOn;
  const preview = h('video', { class: 'preview mirrored', autoplay: true, muted: true, playsInline: true });
  preview.srcObject = stream;
  const name = h('input', { id: 'display-name', type: 'text', maxLength: 64, required: true, autocomplete: 'nickname',
    value: rememberedText('name') });
  const micButton = h('button', { type: 'button', class: 'toggle', id: 'prejoin-mic' });
  const camButton = h('button', { type: 'button', class: 'toggle', id: 'prejoin-cam' });
  const refresh = () => {
    micButton.textContent = t('prejoin.microphone');
    camButton.textContent = t('prejoin.camera');
    micButton.setAttribute('aria-pressed', String(audio));
    camButton.setAttribute('aria-pressed', String(video));
    micButton.disabled = !hasTrack(stream, 'audio');
    camButton.disabled = !hasTrack(stream, 'video');
    setEnabled(stream, 'audio', audio);
    setEnabled(stream, 'video', video);
  };
  micButton.onclick = () => { audio = !audio; saveSetting('audioOn', audio); refresh(); };
  camButton.onclick = () => { video = !video; saveSetting('videoOn', video); refresh(); };
  refresh();

  const devices = await listDevices();
  const picker = (kind, list) => {
    if (list.length < 2) return null;
    const select = h('select', { id: `device-${kind}`, 'aria-label': t(kind === 'audio' ? 'prejoin.microphone' : 'prejoin.camera') },
      list.map((d, i) => h('option', { value: d.deviceId }, d.label || `${kind} ${i + 1}`)));
    const current = stream.getTracks().find((track) => track.kind === kind)?.getSettings().deviceId;
    if (current) select.value = current;
    select.onchange = async () => {
      chosen[kind] = select.value;
      saveSetting(kind === 'audio' ? 'audioDevice' : 'videoDevice', select.value);
      stream.getTracks().forEach((track) => track.stop());
      ({ stream } = await openLocalMedia({ audioDeviceId: chosen.audio, videoDeviceId: chosen.video }));
      preview.srcObject = stream;
      refresh();
      settingsChanged();
    };
    return select;
  };

  const privacy = h('input', { type: 'checkbox', id: 'privacy-mode', checked: rememberedSwitch('privacy', false),
    onchange: () => { saveSetting('privacy', privacy.checked); settingsChanged(); } });

  let network = null;
  function settingsChanged() {
    onSettings({ stream, privacy: privacy.checked, network });
  }

  return new Promise((resolve) => {
    const join = (event) => {
      event.preventDefault();
      const typed = name.value.trim();
      if (!typed) {
        name.focus();
        return;
      }
      saveSetting('name', typed);
      resolve({ name: typed, stream, audio, video, privacy: privacy.checked, network });
    };
    const link = `${location.origin}/r/${room}`;
    root.replaceChildren(h('section', { class: 'card prejoin' },
      h('h1', {}, t('prejoin.title')),
      h('div', { class: 'preview-box' }, preview),
      notice ? h('p', { class: 'notice', role: 'status', id: 'media-notice' }, t(notice)) : null,
      h('div', { class: 'row' }, micButton, camButton, picker('audio', devices.audio), picker('video', devices.video)),
      networkPanel(room, config, (found) => { network = found; settingsChanged(); }),
      h('form', { class: 'join-form', onsubmit: join },
        h('label', { for: 'display-name' }, t('prejoin.name')),
        h('div', { class: 'row' }, name, h('button', { type: 'submit', class: 'primary', id: 'join-button' }, t('prejoin.join'))),
        h('label', { class: 'privacy', for: 'privacy-mode' }, privacy, ' ', h('span', {}, t('prejoin.privacy')),
          h('small', {}, t('prejoin.privacyHint')))),
      h('p', { class: 'link' }, h('code', {}, link), ' ',
        h('button', { type: 'button', id: 'copy-link', onclick: async () => {
          try { await navigator.clipboard.writeText(link); toast(t('prejoin.copied')); } catch { /* no clipboard */ }
        } }, t('prejoin.copy')))));
    name.focus();
  });
}
