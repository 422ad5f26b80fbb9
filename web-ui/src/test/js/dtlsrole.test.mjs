import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepingDtlsRole } from '../../main/resources/META-INF/resources/js/mesh.js';

const sdp = (setup) => `v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:${setup}\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=setup:${setup}\r\n`;
const answer = (setup) => ({ type: 'answer', sdp: sdp(setup) });
const offer = (setup) => ({ type: 'offer', sdp: sdp(setup) });

test('an answer that would make the DTLS client switch roles keeps the peer passive', () => {
  // We answered the peer's first offer as the DTLS client; our re-offer's answer says active again (Firefox).
  const kept = keepingDtlsRole(answer('active'), { currentLocalDescription: answer('active'),
    currentRemoteDescription: offer('actpass') });
  assert.equal(kept.sdp, sdp('passive'));
  // The same after a re-negotiation that was already mended: our offer, their (mended) passive answer.
  assert.equal(keepingDtlsRole(answer('active'), { currentLocalDescription: offer('actpass'),
    currentRemoteDescription: answer('passive') }).sdp, sdp('passive'));
});

test('answers that keep the roles, first negotiations and offers pass unchanged', () => {
  const server = { currentLocalDescription: offer('actpass'), currentRemoteDescription: answer('active') };
  assert.deepEqual(keepingDtlsRole(answer('active'), server), answer('active'));
  const first = { currentLocalDescription: null, currentRemoteDescription: null };
  assert.deepEqual(keepingDtlsRole(answer('active'), first), answer('active'));
  const client = { currentLocalDescription: answer('active'), currentRemoteDescription: offer('actpass') };
  assert.deepEqual(keepingDtlsRole(offer('actpass'), client), offer('actpass'));
  assert.deepEqual(keepingDtlsRole(answer('passive'), client), answer('passive'));
});
