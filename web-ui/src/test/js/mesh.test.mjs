import { test } from 'node:test';
import assert from 'node:assert/strict';

/** A stand-in for RTCPeerConnection that records its tracks and whether it was closed. */
class FakePeerConnection {
  constructor(config) {
    this.config = config;
    this.tracks = [];
    this.closed = false;
    this.connectionState = 'new';
  }

  addTrack(track) {
    this.tracks.push(track);
  }

  getSenders() {
    return [];
  }

  getTransceivers() {
    return [];
  }

  setLocalDescription() {
    this.offered = true;
    return new Promise(() => {}); // no answer needed here
  }

  /** Media received so far: what a test sets as inboundBytes. */
  async getStats() {
    return new Map([['in', { type: 'inbound-rtp', bytesReceived: this.inboundBytes || 0 }]]);
  }

  close() {
    this.closed = true;
  }
}

globalThis.RTCPeerConnection = FakePeerConnection;
globalThis.MediaStream = class { getTracks() { return []; } };
const { Mesh } = await import('../../main/resources/META-INF/resources/js/mesh.js');

const microphone = { kind: 'audio' };
const camera = { kind: 'video' };
const stream = { getTracks: () => [microphone, camera] };
const config = { iceServers: [] };

/** A mesh on the test's mocked clock, closed (and the clock restored) when the test ends. */
function meshWithClock(t) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  t.mock.method(console, 'info', () => {});
  const mesh = new Mesh({ send: () => {}, localStream: stream, config });
  mesh.selfId = 'me';
  t.after(() => mesh.close());
  return mesh;
}

test('a new link answers on the spare connection, made with the local tracks while the call was quiet', (t) => {
  const mesh = meshWithClock(t);
  assert.equal(mesh.spare, null, 'nothing is made while the call starts');
  t.mock.timers.tick(2000);
  const spare = mesh.spare;
  assert.ok(spare instanceof FakePeerConnection);
  assert.deepEqual(spare.tracks, [microphone, camera]);

  const link = mesh.link('newcomer', { awaitOffer: true });
  assert.equal(link.pc, spare);
  assert.equal(mesh.spare, null);
  t.mock.timers.tick(2000);
  assert.ok(mesh.spare && mesh.spare !== spare, 'another spare for the next newcomer');
});

test('without a spare a link makes its connection on the spot, with the local tracks', (t) => {
  const mesh = meshWithClock(t);
  const link = mesh.link('early', { awaitOffer: true });
  assert.deepEqual(link.pc.tracks, [microphone, camera]);
});

test('a link replacing a stuck one offers at once on the spare, which had its tracks long before', (t) => {
  const mesh = meshWithClock(t);
  mesh.link('peer', { awaitOffer: true });
  t.mock.timers.tick(2000);
  const spare = mesh.spare;
  const fresh = mesh.replace('peer', 1, { offer: true });
  assert.equal(fresh.pc, spare);
  assert.equal(spare.offered, true, 'no negotiationneeded comes for tracks added before the link existed');
});

test('other tracks or ICE servers drop the spare, and a fitting one is made later', async (t) => {
  const mesh = meshWithClock(t);
  t.mock.timers.tick(2000);
  const first = mesh.spare;
  await mesh.useTrack('video', { kind: 'video' });
  assert.ok(first.closed);
  assert.equal(mesh.spare, null);
  t.mock.timers.tick(2000);
  const second = mesh.spare;
  assert.ok(second);

  const relayed = { iceServers: [{ urls: 'turn:relay.example:3478' }], iceTransportPolicy: 'relay' };
  mesh.setConfiguration(relayed);
  assert.ok(second.closed);
  t.mock.timers.tick(2000);
  assert.equal(mesh.spare.config, relayed);
});

test('a newcomer during a screen share gets the screen, not the camera, and the camera again after it', async (t) => {
  const mesh = meshWithClock(t);
  const screen = { kind: 'video', label: 'screen' };
  await mesh.useTrack('video', screen);
  assert.deepEqual(mesh.link('during', { awaitOffer: true }).pc.tracks, [microphone, screen]);
  t.mock.timers.tick(2000);
  assert.deepEqual(mesh.spare.tracks, [microphone, screen], 'the spare too');

  await mesh.useTrack('video', camera);
  assert.deepEqual(mesh.link('after', { awaitOffer: true }).pc.tracks, [microphone, camera]);
  await mesh.useTrack('video', null);
  assert.deepEqual(mesh.link('without', { awaitOffer: true }).pc.tracks, [microphone], 'no camera: no video');
});

test('media stopped both ways: the impolite side replaces the link, the polite side one check later', async (t) => {
  const mesh = meshWithClock(t);
  // Peer ids decide politeness: towards a higher id this side is polite.
  const impolite = mesh.link('aa', { awaitOffer: true });
  const polite = mesh.link('zz', { awaitOffer: true });
  assert.deepEqual([impolite.polite, polite.polite], [false, true]);
  for (const link of [impolite, polite]) {
    link.pc.connectionState = 'connected';
    link.pc.inboundBytes = 5000;
  }
  const check = async () => {
    t.mock.timers.tick(2000);
    await new Promise((resolve) => setImmediate(resolve)); // the check's getStats
  };
  await check(); // media flowed
  await check(); // first still check
  assert.equal(mesh.links.get('aa'), impolite);
  await check(); // second still check: media stopped
  assert.notEqual(mesh.links.get('aa'), impolite, 'the impolite side replaced its link');
  assert.equal(mesh.links.get('aa').generation, 1);
  assert.equal(mesh.links.get('zz'), polite, 'the polite side waits for the impolite side\'s offer');
  await check();
  assert.notEqual(mesh.links.get('zz'), polite, 'no offer came: the polite side replaces its link itself');
  assert.equal(mesh.links.get('zz').generation, 1);
});

test('closing the mesh closes the spare and makes no other', (t) => {
  const mesh = meshWithClock(t);
  t.mock.timers.tick(2000);
  const spare = mesh.spare;
  mesh.close();
  assert.ok(spare.closed);
  t.mock.timers.tick(10000);
  assert.equal(mesh.spare, null);
});
