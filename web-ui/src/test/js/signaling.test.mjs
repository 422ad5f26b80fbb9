import { test } from 'node:test';
import assert from 'node:assert/strict';

/** A stand-in for the browser's WebSocket: records what is sent; the test opens and closes it. */
class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static opened = [];

  constructor(url) {
    this.url = url;
    this.readyState = FakeSocket.CONNECTING;
    this.sent = [];
    FakeSocket.opened.push(this);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }

  close(code = 1006) {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code });
  }
}

globalThis.WebSocket = FakeSocket;
const { SignalingClient } = await import('../../main/resources/META-INF/resources/js/signaling.js');

function client() {
  FakeSocket.opened = [];
  const signaling = new SignalingClient({ room: 'r1', url: 'ws://kaigi.test/ws/rooms/r1' });
  const events = [];
  for (const type of ['disconnected', 'welcome']) signaling.addEventListener(type, () => events.push(type));
  return { signaling, events };
}

test('a socket opened ahead sends nothing until join, which then goes out on it', () => {
  const { signaling } = client();
  signaling.preconnect();
  FakeSocket.opened[0].open();
  assert.deepEqual(FakeSocket.opened[0].sent, []);
  signaling.join('Aoi');
  assert.equal(FakeSocket.opened.length, 1);
  assert.deepEqual(FakeSocket.opened[0].sent, [{ type: 'join', name: 'Aoi' }]);
});

test('join on a socket still opening is sent once it opens', () => {
  const { signaling } = client();
  signaling.preconnect();
  signaling.join('Aoi');
  assert.deepEqual(FakeSocket.opened[0].sent, []);
  FakeSocket.opened[0].open();
  assert.equal(FakeSocket.opened.length, 1);
  assert.deepEqual(FakeSocket.opened[0].sent, [{ type: 'join', name: 'Aoi' }]);
});

test('a socket opened ahead that closes before join is not reopened, and join opens a new one', () => {
  const { signaling, events } = client();
  signaling.preconnect();
  FakeSocket.opened[0].open();
  FakeSocket.opened[0].close();
  assert.equal(FakeSocket.opened.length, 1);
  assert.deepEqual(events, []);
  signaling.join('Aoi');
  assert.equal(FakeSocket.opened.length, 2);
  FakeSocket.opened[1].open();
  assert.deepEqual(FakeSocket.opened[1].sent, [{ type: 'join', name: 'Aoi' }]);
});

test('without a socket opened ahead, join connects and joins', () => {
  const { signaling } = client();
  signaling.join('Aoi');
  FakeSocket.opened[0].open();
  assert.deepEqual(FakeSocket.opened[0].sent, [{ type: 'join', name: 'Aoi' }]);
});

test('a joined socket that drops is reported, unlike one opened ahead', () => {
  const { signaling, events } = client();
  signaling.join('Aoi');
  FakeSocket.opened[0].open();
  FakeSocket.opened[0].onmessage({ data: JSON.stringify({ type: 'welcome', peerId: 'p1', resumeToken: 't', peers: [] }) });
  FakeSocket.opened[0].close();
  signaling.leave(); // its reconnect finds the client stopped
  assert.deepEqual(events, ['welcome', 'disconnected']);
});

test('the offer made ahead goes with the join, and with a join retried before any welcome, not after one', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { signaling } = client();
  const offer = { description: { type: 'offer', sdp: 'v=0' }, generation: 0 };
  signaling.join('Aoi', offer);
  FakeSocket.opened[0].open();
  assert.deepEqual(FakeSocket.opened[0].sent, [{ type: 'join', name: 'Aoi', offer }]);
  // Refused for now: the retry on a fresh socket, after the backoff, still carries the offer, which went nowhere.
  FakeSocket.opened[0].onmessage({ data: JSON.stringify({ type: 'error', code: 'server-busy', ref: 'join' }) });
  t.mock.timers.tick(1000);
  assert.equal(FakeSocket.opened.length, 2);
  FakeSocket.opened[1].open();
  assert.deepEqual(FakeSocket.opened[1].sent, [{ type: 'join', name: 'Aoi', offer }]);
  FakeSocket.opened[1].onmessage({ data: JSON.stringify(
    { type: 'welcome', peerId: 'p1', resumeToken: 't', peers: [{ peerId: 'p2' }], offeredTo: 'p2' }) });
  // Our place is gone after an outage: the join that replaces it has no offer (that one was used).
  FakeSocket.opened[1].onmessage({ data: JSON.stringify({ type: 'error', code: 'resume-failed' }) });
  assert.deepEqual(FakeSocket.opened[1].sent.at(-1), { type: 'join', name: 'Aoi' });
  signaling.leave();
});

test('a signal sent carries the ack of what came before it, and the ack is not sent again on its own', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { signaling } = client();
  signaling.join('Aoi');
  const socket = FakeSocket.opened[0];
  socket.open();
  socket.onmessage({ data: JSON.stringify({ type: 'welcome', peerId: 'p1', resumeToken: 't', peers: [{ peerId: 'p2' }] }) });
  socket.onmessage({ data: JSON.stringify({ type: 'signal', from: 'p2', data: { n: 1 }, seq: 1 }) });
  socket.onmessage({ data: JSON.stringify({ type: 'signal', from: 'p2', data: { n: 2 }, seq: 2 }) });
  signaling.signal('p2', { answer: 1 });
  signaling.signal('p2', { candidate: 1 });
  t.mock.timers.tick(5000);
  assert.deepEqual(socket.sent.slice(1), [
    { type: 'signal', to: 'p2', data: { answer: 1 }, ack: 2 },
    { type: 'signal', to: 'p2', data: { candidate: 1 } },
  ]);
  signaling.leave();
});
