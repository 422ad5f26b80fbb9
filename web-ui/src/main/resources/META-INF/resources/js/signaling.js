// The signaling connection (docs/protocol.md): join or resume, relay, reconnect with backoff.
// Events (CustomEvent, message in detail): welcome, peer-joined, peer-left, signal, chat, peer-state, token,
// knocking, knock, knock-ended, room-lock, error, fatal, disconnected, connected.
import { reconnectDelay } from './backoff.js';
import { Acknowledger } from './ack.js';

const FATAL_CLOSE = new Set([1008]);
const FATAL_CODES = new Set(['room-full', 'bad-room', 'declined', 'lobby-full']);
// A join or resume refused for now: this address joined too often, or the server is at a limit or cannot reach
// its store. The socket may stay open, but nothing more will come on it.
const TRY_AGAIN_CODES = new Set(['rate-limited', 'server-busy', 'unavailable']);

export class SignalingClient extends EventTarget {
  /** @param {{room: string, url?: string}} options */
  constructor({ room, url }) {
    super();
    this.room = room;
    /** Set by join(): until then a socket is only opened ahead, and one that closes is not reconnected. */
    this.name = null;
    /** The offer that goes with the join until a welcome says where it went (opening.js). */
    this.offer = null;
    this.url = url || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/rooms/${encodeURIComponent(room)}`;
    this.peerId = null;
    this.resumeToken = null;
    this.lastSeq = 0;
    this.turn = null;
    this.attempt = 0;
    this.stopped = false;
    this.socket = null;
    this.refused = null;
    this.refreshTimer = null;
    this.acks = new Acknowledger((seq) => this.send({ type: 'ack', seq }));
  }

  /**
   * Opens the socket while the user is still on the pre-join screen, so that pressing Join costs one message, not
   * also a TCP, TLS and WebSocket handshake. The server keeps a socket that has not joined open while it answers
   * pings.
   */
  preconnect() {
    if (!this.socket) this.#connect();
  }

  /**
   * Joins the room as {@code name}: on the socket opened ahead when it is open or opening, else on a new one.
   * @param {object | null} [offer] signal data for one peer already in the room (opening.js)
   */
  join(name, offer = null) {
    this.name = name;
    this.offer = offer;
    const state = this.socket?.readyState;
    if (state === WebSocket.OPEN) this.#hello();
    else if (state !== WebSocket.CONNECTING) this.#connect();
  }

  #connect() {
    if (this.stopped) return;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.refused = null;
    socket.onopen = () => { if (this.name !== null) this.#hello(); };
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onclose = (event) => this.#closed(socket, event.code);
  }

  #hello() {
    if (this.peerId && this.resumeToken) {
      this.send({ type: 'resume', peerId: this.peerId, resumeToken: this.resumeToken, lastSeq: this.lastSeq });
    } else {
      this.send(this.offer ? { type: 'join', name: this.name, offer: this.offer } : { type: 'join', name: this.name });
    }
  }

  /** @param {object} message */
  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  signal(to, data) {
    return this.acks.carry((ack) => this.send(ack === null ? { type: 'signal', to, data } : { type: 'signal', to, data, ack }));
  }

  leave() {
    this.stopped = true;
    clearTimeout(this.refreshTimer);
    this.send({ type: 'leave' });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message.seq === 'number') {
      this.lastSeq = message.seq;
      this.acks.received(message.seq);
    }
    switch (message.type) {
      case 'welcome':
        this.attempt = 0;
        // A resume acknowledged everything up to our lastSeq; a fresh join starts numbering anew.
        this.acks.reset(message.resumed ? this.lastSeq : 0);
        this.peerId = message.peerId;
        this.resumeToken = message.resumeToken;
        this.offer = null;
        this.#tokens(message.turn);
        this.#emit('welcome', message);
        break;
      case 'token':
        this.resumeToken = message.resumeToken;
        this.#tokens(message.turn);
        this.#emit('token', message);
        break;
      case 'error':
        if (message.code === 'resume-failed') {
          // Our place is gone (we were away too long): join again as a new peer.
          this.peerId = null;
          this.resumeToken = null;
          this.lastSeq = 0;
          this.#emit('resume-failed', message);
          this.send({ type: 'join', name: this.name });
        } else if (FATAL_CODES.has(message.code)) {
          this.stopped = true;
          this.#emit('fatal', message);
        } else if ((message.ref === 'join' || message.ref === 'resume') && TRY_AGAIN_CODES.has(message.code)) {
          // Try again on a fresh socket, with the same backoff as after a lost connection.
          this.refused = message.code;
          this.socket.close();
        } else {
          this.#emit('error', message);
        }
        break;
      default:
        this.#emit(message.type, message);
    }
  }

  #tokens(turn) {
    this.turn = turn;
    clearTimeout(this.refreshTimer);
    if (!turn) return;
    // Refresh a minute before expiry (or halfway for short-lived tokens).
    const lifetime = turn.expiresAt * 1000 - Date.now();
    const delay = Math.max(5000, Math.min(lifetime - 60000, lifetime / 2));
    this.refreshTimer = setTimeout(() => this.send({ type: 'refresh-token' }), delay);
  }

  #closed(socket, code) {
    if (socket !== this.socket) return;
    if (this.name === null) {
      // Opened ahead and closed before Join (a server restart, a proxy's idle limit): join() opens another.
      this.socket = null;
      return;
    }
    clearTimeout(this.refreshTimer);
    this.acks.reset(this.lastSeq);
    if (this.stopped) return;
    if (FATAL_CLOSE.has(code)) {
      this.stopped = true;
      return;
    }
    this.#emit('disconnected', { code, refused: this.refused });
    const delay = reconnectDelay(this.attempt++);
    setTimeout(() => this.#connect(), delay);
  }
}
