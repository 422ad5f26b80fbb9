import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprintOf, securityCode } from '../../main/resources/META-INF/resources/js/verify.js';

const sdp = (fp) => `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 ${fp}\r\na=setup:actpass\r\n`;
const A = 'AA:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF';
const B = 'bb:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff';
const M = 'CC:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF';

test('the fingerprint is read from the description, case-normalised', () => {
  assert.equal(fingerprintOf(sdp(B)), `sha-256 ${B.toUpperCase()}`);
  assert.equal(fingerprintOf('v=0\r\n'), null);
});

test('both ends of a link compute the same code: four groups of four digits', async () => {
  const atA = await securityCode(sdp(A), sdp(B));
  const atB = await securityCode(sdp(B), sdp(A));
  assert.equal(atA, atB);
  assert.match(atA, /^\d{4} \d{4} \d{4} \d{4}$/);
});

test('a swapped key (man in the middle) gives each side a different code', async () => {
  // The server hands A a key M claiming it is B's, and B a key M claiming it is A's.
  assert.notEqual(await securityCode(sdp(A), sdp(M)), await securityCode(sdp(B), sdp(M)));
  assert.notEqual(await securityCode(sdp(A), sdp(B)), await securityCode(sdp(A), sdp(M)));
});

test('no code before both descriptions carry a fingerprint', async () => {
  await assert.rejects(securityCode(sdp(A), ''), /no DTLS fingerprints/);
});
