// The call screen: tiles, controls, chat, participants, notices. DOM only; it is driven by app.js.
import { t } from '../i18n.js';
import { h, toast } from './dom.js';
import { initials } from '../initials.js';
import { chime } from '../chime.js';
import { icon } from '../icons.js';
import { arrange } from '../layout.js';
import { KnockPrompts } from './knocks.js';
import { OutputPicker } from './output.js';
import { SecurityCodeDialog } from './security-code.js';
import { rememberedSwitch, saveSetting } from '../settings.js';


export class CallView {
  constructor(root, { onMic, onCamera, onScreen, onHand, onLeave, onChat, onVerify, onLock, onAnswer }) {
    this.knocks = new KnockPrompts(onAnswer);
    this.codes = new SecurityCodeDialog(onVerify);
    this.tiles = new Map();
    /** Layout inputs (see layout.js): a pinned tile, when each share started, speaker view and its speaker. */
    this.pinned = null;
    this.sharingSince = new Map();
    this.speakerView = false;
    this.speaker = null;
    this.names = new Map();
    /** Peers (or 'self') whose hand is raised. */
    this.hands = new Set();
    this.unread = 0;
    this.title = document.title;
    this.sounds = rememberedSwitch('sounds', true);
    this.grid = h('div', { class: 'grid', id: 'grid', 'aria-label': 'participants' });
    this.banner = h('div', { class: 'banner', role: 'status', id: 'banner', hidden: true });
    this.alone = h('p', { class: 'alone', id: 'alone' }, t('call.alone'));
    this.chatLog = h('ol', { class: 'chat-log', id: 'chat-log', 'aria-live': 'polite' });
    this.chatInput = h('input', { id: 'chat-input', type: 'text', maxLength: 2000, autocomplete: 'off',
      'aria-label': t('call.message'), placeholder: t('call.message') });
    this.people = h('ul', { class: 'people', id: 'people' });
    const head = (title, panel) => h('div', { class: 'panel-head' }, h('h2', {}, title),
      h('button', { type: 'button', class: 'link-button panel-close', 'aria-label': t('call.close'),
        onclick: () => this.togglePanel(panel()) }, '✕'));
    this.chatPanel = h('aside', { class: 'panel', id: 'chat-panel', hidden: true, 'aria-label': t('call.chat') },
      head(t('call.chat'), () => this.chatPanel), this.chatLog,
      h('form', { class: 'row', onsubmit: (e) => {
        e.preventDefault();
        const text = this.chatInput.value.trim();
        if (!text) return;
        if (onChat(text)) {
          this.addChat(t('call.you'), text, Date.now(), true);
          this.chatInput.value = '';
        } else {
          // Not connected: the text stays in the box to be sent again.
          this.notice(t('chat.notSent'));
        }
      } }, this.chatInput, h('button', { type: 'submit', id: 'chat-send' }, t('call.send'))));
    this.soundsButton = h('button', { id: 'toggle-sounds', class: 'link-button', 'aria-pressed': String(this.sounds),
      onclick: () => {
        this.sounds = !this.sounds;
        saveSetting('sounds', this.sounds);
        this.soundsButton.setAttribute('aria-pressed', String(this.sounds));
      } }, t('call.sounds'));
    this.output = new OutputPicker(() => [...this.tiles].filter(([id]) => id !== 'self').map(([, tile]) => tile.video));
    this.peoplePanel = h('aside', { class: 'panel', id: 'people-panel', hidden: true, 'aria-label': t('call.people') },
      head(t('call.people'), () => this.peoplePanel), this.people, this.output.element, this.soundsButton);
    const control = (id, label, key, handler, iconName) => h('button', { id, class: 'control', onclick: handler,
      'aria-keyshortcuts': key || false, 'aria-label': label, title: key ? `${label} (${key})` : label },
    icon(iconName), h('span', { class: 'label' }, label));
    this.mic = control('toggle-mic', t('call.mic'), 'M', onMic, 'mic');
    this.camera = control('toggle-camera', t('call.camera'), 'V', onCamera, 'camera');
    this.screen = control('toggle-screen', t('call.screen'), 'S', onScreen, 'screen');
    // Phones and tablets cannot share a screen (their browsers lack it or refuse it): no button that can only fail.
    this.screen.hidden = !navigator.mediaDevices?.getDisplayMedia
      || matchMedia('(pointer: coarse) and (hover: none)').matches;
    this.hand = control('toggle-hand', t('call.hand'), 'H', onHand, 'hand');
    this.lockButton = control('toggle-lock', t('call.lock'), null, onLock, 'lock');
    this.lockButton.setAttribute('aria-pressed', 'false');
    this.speakerButton = control('toggle-speaker-view', t('call.speakerView'), null, () => {
      this.speakerView = !this.speakerView;
      this.speakerButton.setAttribute('aria-pressed', String(this.speakerView));
      this.layout();
    }, 'stage');
    this.speakerButton.setAttribute('aria-pressed', 'false');
    this.chatButton = control('toggle-chat', t('call.chat'), 'C', () => this.togglePanel(this.chatPanel), 'chat');
    this.badge = h('span', { class: 'unread', id: 'unread', hidden: true });
    this.chatButton.append(this.badge);
    this.peopleButton = control('toggle-people', t('call.people'), 'P', () => this.togglePanel(this.peoplePanel),
      'people');
    const leave = h('button', { id: 'leave', class: 'control danger', onclick: onLeave, 'aria-label': t('call.leave') },
      icon('leave'), h('span', { class: 'label' }, t('call.leave')));
    root.replaceChildren(h('div', { class: 'call' },
      this.banner,
      this.knocks.element,
      h('div', { class: 'stage' }, this.grid, this.chatPanel, this.peoplePanel),
      this.alone,
      h('nav', { class: 'controls', 'aria-label': 'controls' },
        this.mic, this.camera, this.screen, this.hand, this.speakerButton, this.lockButton, this.chatButton, this.peopleButton,
        leave),
      h('p', { class: 'hints' }, t('call.hints')), this.codes.element));
    this.keys = (event) => {
      if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
      const handler = { m: onMic, v: onCamera, s: onScreen, h: onHand, c: () => this.togglePanel(this.chatPanel),
        p: () => this.togglePanel(this.peoplePanel) }[event.key.toLowerCase()];
      if (handler) { event.preventDefault(); handler(); }
    };
    document.addEventListener('keydown', this.keys);
  }

  destroy() {
    document.removeEventListener('keydown', this.keys);
    document.title = this.title;
  }

  togglePanel(panel) {
    panel.hidden = !panel.hidden;
    if (panel === this.chatPanel && !panel.hidden) {
      this.unread = 0;
      this.badge.hidden = true;
      document.title = this.title;
      this.chatInput.focus();
    }
  }

  setControls({ audio, video, screen, hand, canAudio, canVideo }) {
    this.hand.setAttribute('aria-pressed', String(!!hand));
    this.mic.setAttribute('aria-pressed', String(audio));
    this.camera.setAttribute('aria-pressed', String(video));
    this.screen.setAttribute('aria-pressed', String(screen));
    this.mic.disabled = !canAudio;
    this.camera.disabled = !canVideo;
    this.mic.firstChild.replaceWith(icon('mic', { off: !audio }));
    this.camera.firstChild.replaceWith(icon('camera', { off: !video }));
  }

  /** @param {string} id peer id, or 'self' */
  tile(id, name, { self = false } = {}) {
    let tile = this.tiles.get(id);
    if (!tile) {
      const video = h('video', { autoplay: true, playsInline: true, muted: self, class: self ? 'mirrored' : '' });
      tile = {
        element: h('figure', { class: 'tile', 'data-peer': id }),
        video,
        label: h('figcaption', {}),
        status: h('span', { class: 'status' }),
        badge: h('span', { class: 'badge', hidden: self }),
      };
      tile.avatar = h('div', { class: 'avatar', 'aria-hidden': 'true' });
      tile.pin = h('button', { class: 'tile-button pin', 'aria-pressed': 'false', 'aria-label': t('call.pin'),
        title: t('call.pin'), onclick: () => this.togglePin(id) }, icon('pin'));
      tile.verify = self ? null : h('button', { class: 'tile-button verify', 'aria-label': t('call.verify'),
        title: t('call.verify'), onclick: () => this.codes.show(id, this.names.get(id) || '?') }, icon('shield'));
      tile.element.addEventListener('dblclick', () => this.togglePin(id));
      if (self) this.movable(tile.element);
      tile.element.append(video, tile.avatar, h('div', { class: 'tile-buttons' }, tile.pin, tile.verify),
        h('div', { class: 'overlay' }, tile.label, tile.status, tile.badge));
      this.tiles.set(id, tile);
      if (self) this.grid.prepend(tile.element); else this.grid.append(tile.element);
      if (!self) this.output.apply(video);
    }
    this.names.set(id, name);
    tile.avatar.textContent = initials(name);
    tile.label.textContent = self ? `${name} (${t('call.you')})` : name;
    this.layout();
    return tile;
  }

  attach(id, stream) {
    const tile = this.tiles.get(id);
    if (tile && tile.video.srcObject !== stream) {
      tile.video.srcObject = stream;
      tile.video.play().catch(() => {});
    }
  }

  /** Calls back once, when the tile's video shows its first frame. */
  onFirstFrame(id, callback) {
    const video = this.tiles.get(id)?.video;
    if (video?.requestVideoFrameCallback) video.requestVideoFrameCallback(() => callback());
  }

  setState(id, state) {
    const tile = this.tiles.get(id);
    if (!tile) return;
    tile.element.classList.toggle('muted', !state.audio);
    tile.element.classList.toggle('camera-off', !state.video && !state.screen);
    tile.element.classList.toggle('sharing', !!state.screen);
    tile.status.replaceChildren(...[state.hand ? '✋' : null, state.audio ? null : icon('mic', { off: true }),
      state.video || state.screen ? null : icon('camera', { off: true }), state.screen ? icon('screen') : null]
      .filter(Boolean));
    tile.status.setAttribute('aria-label', state.audio ? '' : 'muted');
    if (state.screen && !this.sharingSince.has(id)) this.sharingSince.set(id, performance.now());
    if (!state.screen) this.sharingSince.delete(id);
    tile.element.dataset.audio = String(state.audio);
    tile.element.dataset.video = String(state.video);
    tile.element.dataset.screen = String(state.screen);
    tile.element.dataset.hand = String(!!state.hand);
    if (state.hand) this.hands.add(id); else this.hands.delete(id);
    this.renderPeople();
    if (id === 'self') {
      tile.video.classList.toggle('mirrored', !state.screen);
    }
    this.layout();
  }

  setSpeaking(id, speaking) {
    const tile = this.tiles.get(id);
    if (!tile || tile.element.classList.contains('speaking') === speaking) return;
    tile.element.classList.toggle('speaking', speaking);
    if (speaking && id !== 'self' && this.speaker !== id) {
      this.speaker = id;
      if (this.speakerView) this.layout();
    }
  }

  /** The phone self-view overlay: dragged anywhere, it settles in the nearest corner. */
  movable(element) {
    element.addEventListener('pointerdown', (event) => element.setPointerCapture(event.pointerId));
    element.addEventListener('pointerup', (event) => {
      if (getComputedStyle(element).position !== 'absolute') return;
      const area = this.grid.getBoundingClientRect();
      const vertical = event.clientY < area.top + area.height / 2 ? 't' : 'b';
      const horizontal = event.clientX < area.left + area.width / 2 ? 'l' : 'r';
      element.dataset.corner = vertical + horizontal;
    });
  }

  togglePin(id) {
    this.pinned = this.pinned === id ? null : id;
    this.layout();
  }

  setBadge(id, facts) {
    const tile = this.tiles.get(id);
    if (!tile || !facts.path) return;
    const rtt = facts.rtt != null ? ` ${Math.round(facts.rtt * 1000)} ms` : '';
    const loss = facts.lossPercent != null ? ` ${facts.lossPercent.toFixed(1)}%` : '';
    // Relayed: say over what (udp, tcp or tls), which tells a user behind a strict firewall why it is slower.
    const via = facts.path === 'relay' && facts.transport ? ` (${facts.transport})` : '';
    tile.badge.textContent = `${t(`badge.${facts.path}`)}${via}${rtt}${loss}`;
    tile.badge.dataset.path = facts.path;
    tile.badge.dataset.transport = facts.transport || '';
  }

  remove(id) {
    this.tiles.get(id)?.element.remove();
    this.tiles.delete(id);
    this.hands.delete(id);
    this.sharingSince.delete(id);
    if (this.pinned === id) this.pinned = null;
    this.layout();
  }

  /** Grid, or one tile on the stage with the rest in a strip (beside it when wide, below it when narrow). */
  layout() {
    const count = this.tiles.size;
    const { stage, strip } = arrange({ tiles: [...this.tiles.keys()], pinned: this.pinned,
      sharingSince: this.sharingSince, speakerView: this.speakerView, speaker: this.speaker });
    this.grid.dataset.count = String(count);
    this.grid.dataset.stage = stage ?? '';
    this.grid.classList.toggle('staged', stage !== null);
    this.grid.style.setProperty('--strip', String(Math.max(1, strip.length)));
    this.grid.dataset.strip = String(strip.length);
    for (const [id, tile] of this.tiles) {
      tile.element.classList.toggle('on-stage', id === stage);
      tile.pin.setAttribute('aria-pressed', String(id === this.pinned));
    }
    this.alone.hidden = count > 1;
    this.renderPeople();
  }

  renderPeople() {
    this.people.replaceChildren(...[...this.names].filter(([id]) => this.tiles.has(id))
      .map(([id, name]) => h('li', { 'data-peer': id, 'data-hand': String(this.hands.has(id)) },
        `${this.hands.has(id) ? '✋ ' : ''}${id === 'self' ? `${name} (${t('call.you')})` : name}`)));
  }

  addChat(from, text, ts, mine = false) {
    const time = new Date(ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    this.chatLog.append(h('li', { class: mine ? 'mine' : '' }, h('b', {}, from), ' ', h('time', {}, time), h('p', {}, text)));
    this.chatLog.scrollTop = this.chatLog.scrollHeight;
    if (!mine && this.chatPanel.hidden) {
      this.unread += 1;
      this.badge.textContent = String(this.unread);
      this.badge.hidden = false;
      // The tab says it too, for a call in a background tab.
      document.title = `(${this.unread}) ${this.title}`;
      this.ding('chat');
    }
  }

  notice(text, sound) {
    toast(text);
    if (sound) this.ding(sound);
  }

  ding(kind) {
    if (this.sounds) chime(kind);
  }

  showBanner(text, state = '') {
    this.banner.textContent = text || '';
    this.banner.hidden = !text;
    this.banner.dataset.state = text ? state : '';
  }

  setLocked(locked) {
    this.lockButton.setAttribute('aria-pressed', String(locked));
  }

  /** A newcomer knocks at the locked room: everyone gets a prompt, a toast and a chime. */
  addKnock(knockId, name) {
    if (this.knocks.add(knockId, name)) this.notice(t('call.knock', { name }), 'join');
  }
}
