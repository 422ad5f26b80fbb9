// Entry point: routes between landing, pre-join and call, and wires signaling, ICE and the mesh together.
import { fetchRtcConfiguration, rtcConfiguration } from './ice.js';
import { language, languages, pickLanguage, setLanguage, t } from './i18n.js';
import { hasTrack, openScreen, setEnabled, watchLevel } from './media.js';
import { Mesh } from './mesh.js';
import { OpeningOffer } from './opening.js';
import { isValidRoomId, roomIdFromPath } from './roomid.js';
import { SignalingClient } from './signaling.js';
import { CallView } from './ui/call.js';
import { h } from './ui/dom.js';
import { renderLanding } from './ui/landing.js';
import { renderPrejoin } from './ui/prejoin.js';

const LANG_KEY = 'kaigi.lang';
// A little longer than the server's resume grace (30 s by default).
const RESUME_GRACE_MS = 40000;
const root = document.getElementById('app');

function languageSwitch() {
  const button = document.getElementById('lang');
  button.textContent = t('lang.switch');
  button.onclick = () => {
    const next = languages[(languages.indexOf(language()) + 1) % languages.length];
    localStorage.setItem(LANG_KEY, next);
    location.reload();
  };
}

function showError(key, { retry = false } = {}) {
  root.replaceChildren(h('section', { class: 'card error', role: 'alert', id: 'error', 'data-code': key },
    h('p', {}, t(key)),
    h('div', { class: 'row' },
      retry ? h('button', { class: 'primary', onclick: () => location.reload() }, t('left.rejoin')) : null,
      h('a', { href: '/', class: 'button' }, t('left.home')))));
}

async function loadConfig() {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch('/config.json', { cache: 'no-store' });
      if (response.ok) return await response.json();
    } catch { /* retry below */ }
    if (attempt === 0) showError('error.unreachable');
    await new Promise((r) => setTimeout(r, Math.min(10000, 1000 * 2 ** attempt)));
  }
}

async function main() {
  setLanguage(pickLanguage(navigator.languages, localStorage.getItem(LANG_KEY)));
  languageSwitch();
  const room = roomIdFromPath(location.pathname);
  if (room === null) {
    renderLanding(root);
    return;
  }
  if (!isValidRoomId(room)) {
    showError('error.bad-room');
    return;
  }
  const signaling = new SignalingClient({ room });
  signaling.preconnect();
  const config = await loadConfig();
  // Once the network check has its ICE servers, the first offer is made ahead, for whichever settings are chosen.
  let opening = null;
  const prepare = ({ stream, privacy, network }) => {
    const rtc = network?.iceServers ? rtcConfiguration(network.iceServers, callPolicy(privacy, network)) : null;
    if (rtc && opening?.fits(rtc, stream)) return;
    opening?.close();
    opening = rtc ? new OpeningOffer(rtc, stream) : null;
  };
  const choice = await renderPrejoin(root, room, config, { onSettings: prepare });
  startCall(room, config, choice, signaling, opening);
}

/**
 * What a call's links may use. Privacy mode: only relayed paths, so no other participant ever learns this device's
 * addresses. Also relay only when the network check found that nothing but the relay gets through here (UDP
 * blocked, or a symmetric NAT). A relay-only call uses the best relay transport the check found working
 * (relayVia). ?turn=off leaves the relay out (troubleshooting).
 */
function callPolicy(privacy, network) {
  const params = new URLSearchParams(location.search);
  const withoutTurn = params.get('turn') === 'off';
  const relayOnly = privacy || params.get('relay') === '1' || (!!network?.relayOnly && !withoutTurn);
  return { relayOnly, withoutTurn, relayVia: relayOnly ? network?.relayVia ?? null : null };
}

function startCall(room, config, { name, stream, audio, video, privacy, network }, signaling, opening) {
  const joinedAt = performance.now();
  const policy = callPolicy(privacy, network);
  const { relayOnly, withoutTurn } = policy;
  let { relayVia } = policy;
  // The ICE servers the network check was given save asking the credential service again for the first links.
  let checkedIceServers = network?.iceServers || null;
  const local = { audio: audio && hasTrack(stream, 'audio'), video: video && hasTrack(stream, 'video'), screen: false,
    hand: false };
  const cameraTrack = stream.getVideoTracks()[0] || null;
  let screenTrack = null;
  /** @type {Map<string, {name: string, state: object}>} */
  const roster = new Map();
  /** Newcomers whose tile waits until their link connects (holdTile): what waits for the tile. */
  const heldTiles = new Map();
  let mesh = null;
  let pending = [];
  let rebuild = false;
  /** Peers the current server process has told us about (since our last welcome). */
  let confirmed = new Set();
  const stopLevels = new Map();
  let locked = false;
  /** Per remote peer: milliseconds from pressing Join to its first decoded video frame (docs/benchmarks.md). */
  const firstFrameMs = {};
  /** Milliseconds from pressing Join to each step of getting into the call (the same benchmark). */
  const marks = {};
  const mark = (name) => { if (!(name in marks)) marks[name] = Math.round(performance.now() - joinedAt); };
  // Join before building the call screen: the server's answer can only be handled after this function returns,
  // by which time every listener below is attached. The offer made ahead goes with it if it is ready and was made
  // for what was finally chosen (prepare() in main keeps it so).
  const openingOffer = opening?.take() ?? null;
  if (!openingOffer) {
    opening?.close();
    opening = null;
  }
  signaling.join(name, openingOffer);

  const sendState = () => signaling.send({ type: 'state', audio: local.audio, video: local.video, screen: local.screen,
    hand: local.hand });
  const refreshControls = () => {
    view.setControls({ ...local, canAudio: hasTrack(stream, 'audio'), canVideo: !!cameraTrack });
    view.setState('self', local);
  };

  const view = new CallView(root, {
    onMic: () => { if (!hasTrack(stream, 'audio')) return; local.audio = !local.audio; setEnabled(stream, 'audio', local.audio); refreshControls(); sendState(); },
    onCamera: () => { if (!cameraTrack) return; local.video = !local.video; cameraTrack.enabled = local.video; refreshControls(); sendState(); },
    onScreen: () => (local.screen ? stopScreen() : startScreen()),
    onHand: () => { local.hand = !local.hand; refreshControls(); sendState(); },
    onChat: (text) => signaling.send({ type: 'chat', text }),
    onLeave: () => leave(),
    onLock: () => signaling.send({ type: 'lock', locked: !locked }),
    onAnswer: (knockId, admit) => signaling.send({ type: admit ? 'admit' : 'decline', knockId }),
    onVerify: (peerId) => (mesh ? mesh.securityCode(peerId) : Promise.reject(new Error('not connected'))),
  });

  async function startScreen() {
    const track = await openScreen();
    if (!track) return;
    screenTrack = track;
    track.onended = () => stopScreen();
    local.screen = true;
    await mesh?.useTrack('video', track);
    view.attach('self', new MediaStream([track]));
    refreshControls();
    sendState();
  }

  async function stopScreen() {
    if (!screenTrack) return;
    screenTrack.onended = null;
    screenTrack.stop();
    screenTrack = null;
    local.screen = false;
    // Back to the camera (or nothing, when there is none).
    await mesh?.useTrack('video', cameraTrack);
    view.attach('self', stream);
    refreshControls();
    sendState();
  }

  function addPeer(peer) {
    roster.set(peer.peerId, { name: peer.name, state: peer.state });
    showPeer(peer.peerId);
  }

  /**
   * A newcomer's offer comes right behind its peer-joined, and answering it and connecting is what the newcomer
   * waits for. So its tile, the toast, the chime (its first AudioContext), the re-layout of the page and attaching
   * its media wait until the link's ICE connects (a second at most). Traced in Chromium: done before the answer,
   * they held the offer up by 30-80 ms; done right after it, they slowed the opening of the UDP socket that the TURN
   * allocation shares, whose first request then failed and went again only with the 250 ms retransmission.
   */
  function holdTile(peerId, connected, announce) {
    heldTiles.set(peerId, []);
    const show = () => {
      const waiting = heldTiles.get(peerId);
      if (!waiting) return;
      heldTiles.delete(peerId);
      if (!roster.has(peerId)) return;
      showPeer(peerId);
      for (const attach of waiting) attach();
      announce();
    };
    connected.then(show);
    setTimeout(show, 1000);
  }

  /** The tile of a peer on the roster (kept if it has one), with its current state. */
  function showPeer(peerId) {
    const { name: peerName, state } = roster.get(peerId);
    view.tile(peerId, peerName);
    view.setState(peerId, state);
  }

  function removePeer(peerId) {
    roster.delete(peerId);
    heldTiles.delete(peerId);
    mesh?.remove(peerId);
    view.remove(peerId);
    stopLevels.get(peerId)?.();
    stopLevels.delete(peerId);
  }

  /**
   * The relay transport the network check found does not carry a link (any more): every transport from now on,
   * for the ICE restarts and new connections the links make.
   */
  function useEveryRelay() {
    if (!relayVia) return;
    relayVia = null;
    iceConfig(signaling.turn?.token).then((rtc) => mesh?.setConfiguration(rtc));
  }

  async function iceConfig(token) {
    if (checkedIceServers) {
      const rtc = rtcConfiguration(checkedIceServers, { relayOnly, withoutTurn, relayVia });
      checkedIceServers = null;
      marks.reusedIceServers = true;
      return rtc;
    }
    try {
      return await fetchRtcConfiguration(config.credentialServiceUrl || '', token, { relayOnly, withoutTurn, relayVia });
    } catch (error) {
      console.warn(error);
      view.notice(t('error.credentials'));
      return rtcConfiguration([], { relayOnly });
    }
  }

  signaling.addEventListener('welcome', async ({ detail }) => {
    mark('welcome');
    view.showBanner('');
    locked = !!detail.locked;
    view.setLocked(locked);
    view.knocks.replaceAll(detail.lobby || []);
    if (detail.resumed) view.notice(t('call.reconnected'));
    if (rebuild && mesh) {
      mesh.close();
      mesh = null;
      for (const id of [...roster.keys()]) removePeer(id);
    }
    rebuild = false;
    if (detail.resumed) {
      // After a server restart the roster fills up again as peers resume; whoever is not back within the
      // grace period has really left.
      const present = new Set(detail.peers.map((p) => p.peerId));
      for (const peerId of roster.keys()) {
        if (!present.has(peerId)) {
          setTimeout(() => { if (!confirmed.has(peerId)) removePeer(peerId); }, RESUME_GRACE_MS);
        }
      }
      confirmed = present;
    } else {
      confirmed = new Set(detail.peers.map((p) => p.peerId));
    }
    for (const peer of detail.peers) addPeer(peer);
    if (!mesh) {
      const rtc = await iceConfig(detail.turn.token);
      mark('iceServers');
      if (!mesh) {
        mesh = new Mesh({ send: (to, data) => signaling.signal(to, data), localStream: stream, config: rtc });
        mesh.selfId = detail.peerId;
        mesh.addEventListener('track', ({ detail: { peerId, stream: remote } }) => {
          const attach = () => {
            view.attach(peerId, remote);
            if (!(peerId in firstFrameMs)) {
              firstFrameMs[peerId] = null;
              view.onFirstFrame(peerId, () => { firstFrameMs[peerId] = Math.round(performance.now() - joinedAt); });
            }
            if (!stopLevels.has(peerId)) stopLevels.set(peerId, watchLevel(remote, (level) => view.setSpeaking(peerId, level > 0.04)));
          };
          const held = heldTiles.get(peerId);
          if (held) held.push(attach);
          else attach();
        });
        mesh.addEventListener('link-state', ({ detail: { peerId, state } }) => {
          if (state === 'connected') mark('connected');
          if ((state === 'failed' || state === 'closed') && !roster.has(peerId)) removePeer(peerId);
          if (state === 'failed') useEveryRelay();
        });
        // A link whose only relay transport is cut may never fail: its replacement gathers nothing and stays new.
        mesh.addEventListener('stalled', useEveryRelay);
        if (screenTrack) await mesh.useTrack('video', screenTrack);
        window.kaigi.mesh = mesh;
      }
    }
    mesh.selfId = detail.peerId;
    window.kaigi.peerId = detail.peerId;
    // The newcomer offers to everyone (they got our peer-joined and wait for it); the offer that went with the join
    // already reached one of them. Back from a resume we offer too: peers who joined while we were away counted us
    // as present and are waiting for our offer.
    if (opening && detail.offeredTo && !mesh.links.has(detail.offeredTo)) {
      mesh.adopt(detail.offeredTo, opening);
      marks.openingOffer = true;
    } else {
      opening?.close();
    }
    opening = null;
    mesh.connectTo(detail.peers.map((p) => p.peerId));
    for (const { from, data } of pending) mesh.handleSignal(from, data);
    pending = [];
    sendState();
  });
  signaling.addEventListener('peer-joined', ({ detail }) => {
    confirmed.add(detail.peer.peerId);
    const { peer } = detail;
    const known = roster.has(peer.peerId);
    // A newcomer offers; one back from a resume waits for our offer (it counted us as present while away).
    mesh?.connectTo([peer.peerId], { awaitOffer: !detail.resumed });
    roster.set(peer.peerId, { name: peer.name, state: peer.state });
    const announce = () => { if (!known && !detail.resumed) view.notice(t('call.joined', { name: peer.name }), 'join'); };
    const link = detail.resumed ? null : mesh?.links.get(peer.peerId);
    if (link && !known) {
      holdTile(peer.peerId, link.connected, announce);
    } else {
      showPeer(peer.peerId);
      announce();
    }
  });
  signaling.addEventListener('peer-left', ({ detail }) => {
    const name = roster.get(detail.peerId)?.name;
    removePeer(detail.peerId);
    if (name) view.notice(t('call.left', { name }), 'leave');
  });
  signaling.addEventListener('signal', ({ detail }) => {
    if (mesh) mesh.handleSignal(detail.from, detail.data);
    else pending.push(detail);
  });
  signaling.addEventListener('chat', ({ detail }) => view.addChat(roster.get(detail.from)?.name || '?', detail.text, detail.ts));
  signaling.addEventListener('peer-state', ({ detail }) => {
    const peer = roster.get(detail.peerId);
    if (peer && detail.state.hand && !peer.state?.hand) view.notice(t('call.handRaised', { name: peer.name }));
    if (peer) peer.state = detail.state;
    view.setState(detail.peerId, detail.state);
  });
  signaling.addEventListener('knocking', () => view.showBanner(t('lobby.waiting'), 'knocking'));
  signaling.addEventListener('knock', ({ detail }) => view.addKnock(detail.knockId, detail.name));
  signaling.addEventListener('knock-ended', ({ detail }) => view.knocks.remove(detail.knockId));
  signaling.addEventListener('room-lock', ({ detail }) => {
    locked = detail.locked;
    view.setLocked(locked);
    const by = detail.by === window.kaigi.peerId ? t('call.you') : roster.get(detail.by)?.name || '?';
    view.notice(t(locked ? 'call.lockedBy' : 'call.unlockedBy', { name: by }));
  });
  signaling.addEventListener('token', async ({ detail }) => mesh?.setConfiguration(await iceConfig(detail.turn.token)));
  signaling.addEventListener('disconnected', ({ detail }) => {
    view.showBanner(t(detail.refused ? 'call.busy' : 'call.reconnecting'), detail.refused ? 'busy' : '');
  });
  signaling.addEventListener('resume-failed', () => { rebuild = true; });
  // Our own chat lines show at once: what the server refused must not pass for delivered. A message over the
  // allowance is dropped before the server reads it (no ref), so that notice names no message, and a burst of
  // them gets one notice rather than one per message.
  let toldTooFast = 0;
  signaling.addEventListener('error', ({ detail }) => {
    if (detail.code !== 'rate-limited') {
      if (detail.ref === 'chat') view.notice(t('chat.notDelivered'));
    } else if (Date.now() - toldTooFast > 4000) {
      toldTooFast = Date.now();
      view.notice(t('call.tooFast'));
    }
  });
  signaling.addEventListener('fatal', ({ detail }) => {
    cleanup();
    showError(`error.${detail.code}`, { retry: detail.code === 'room-full' || detail.code === 'lobby-full' });
  });

  const statsTimer = setInterval(async () => {
    if (!mesh) return;
    const stats = await mesh.stats();
    for (const [peerId, facts] of Object.entries(stats)) view.setBadge(peerId, facts);
  }, 2000);

  function cleanup() {
    clearInterval(statsTimer);
    for (const stop of stopLevels.values()) stop();
    mesh?.close();
    stream.getTracks().forEach((track) => track.stop());
    screenTrack?.stop();
    view.destroy();
  }

  function leave() {
    signaling.leave();
    cleanup();
    root.replaceChildren(h('section', { class: 'card', id: 'left' }, h('h1', {}, t('left.title')),
      h('div', { class: 'row' }, h('button', { class: 'primary', onclick: () => location.reload() }, t('left.rejoin')),
        h('a', { href: '/', class: 'button' }, t('left.home')))));
  }

  view.tile('self', name, { self: true });
  view.attach('self', stream);
  refreshControls();
  stopLevels.set('self', watchLevel(stream, (level) => view.setSpeaking('self', local.audio && level > 0.04)));
  window.kaigi = { signaling, roster, mesh: null, peerId: null, firstFrameMs, marks, privacy: relayOnly,
    stats: async () => (mesh ? mesh.stats() : {}) };
}

main();
