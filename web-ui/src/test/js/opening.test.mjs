import { test } from 'node:test';
import assert from 'node:assert/strict';

/** A stand-in for RTCPeerConnection: the test sets the description and surfaces candidates itself. */
class FakePeerConnection {
  constructor(config) {
    this.config = config;
    this.signalingState = 'stable';
    this.localDescription = null;
    this.tracks = [];
  }

  addTrack(track) {
    this.tracks.push(track);
  }

  setLocalDescription() {
    return new Promise(() => {}); // the test decides when the description is set
  }

  describe(sdp) {
    this.signalingState = 'have-local-offer';
    this.localDescription = { sdp, toJSON: () => ({ type: 'offer', sdp }) };
  }

  surface(candidate) {
    this.onicecandidate?.({ candidate: candidate && { candidate } });
  }

  close() {
    this.signalingState = 'closed';
  }
}

globalThis.RTCPeerConnection = FakePeerConnection;
const { OpeningOffer } = await import('../../main/resources/META-INF/resources/js/opening.js');

const stream = { getTracks: () => ['audio', 'video'] };
const config = { iceServers: [], iceTransportPolicy: 'all' };
const HOST = 'candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host';
const LATE = 'candidate:2 1 udp 1686052607 198.51.100.7 50000 typ srflx';
const UNLISTED = 'candidate:3 1 udp 41885439 203.0.113.9 49152 typ relay';

test('an offer whose description is not set yet is not taken: the join goes without it', () => {
  const opening = new OpeningOffer(config, stream);
  assert.equal(opening.take(), null);
  assert.deepEqual(opening.pc.tracks, ['audio', 'video']);
});

test('the link that adopts the offer sends the candidates the offer taken does not carry', () => {
  const opening = new OpeningOffer(config, stream);
  opening.pc.surface(HOST);
  opening.pc.surface(UNLISTED); // found, but not in the description (a browser that leaves them out)
  opening.pc.describe(`v=0\r\na=${HOST}\r\n`);
  assert.deepEqual(opening.take(), { description: { type: 'offer', sdp: `v=0\r\na=${HOST}\r\n` }, generation: 0 });
  opening.pc.surface(LATE);
  opening.pc.surface(null); // the end of gathering is no candidate
  const { pc, candidates } = opening.handOver();
  assert.equal(pc, opening.pc);
  assert.deepEqual(candidates.map((c) => c.candidate), [UNLISTED, LATE]);
  assert.equal(pc.onicecandidate, null);
});

test('an offer is kept only for the settings it was made for', () => {
  const opening = new OpeningOffer(config, stream);
  assert.ok(opening.fits({ iceServers: [], iceTransportPolicy: 'all' }, stream));
  assert.ok(!opening.fits({ iceServers: [], iceTransportPolicy: 'relay' }, stream));
  assert.ok(!opening.fits(config, { getTracks: () => [] }));
});
