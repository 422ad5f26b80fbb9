import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathOf, probesFor, summarize } from '../../main/resources/META-INF/resources/js/netcheck.js';
import { stunOnly } from '../../main/resources/META-INF/resources/js/ice.js';

const all = (over) => ({ signaling: 'ok', udp: 'ok', turnUdp: 'ok', turnTcp: 'ok', turnTls: 'ok', ...over });

test('each ICE server URL is sorted into the path it offers', () => {
  assert.equal(pathOf('stun:turn.example.org:3478'), 'stun');
  assert.equal(pathOf('turn:turn.example.org:3478?transport=udp'), 'turnUdp');
  assert.equal(pathOf('turn:turn.example.org:3478'), 'turnUdp');
  assert.equal(pathOf('TURN:turn.example.org:3478?transport=tcp'), 'turnTcp');
  assert.equal(pathOf('turns:turn.example.org:443?transport=tcp'), 'turnTls');
  assert.equal(pathOf('https://example.org'), null);
});

test('probes carry each URL with its server credentials', () => {
  const probes = probesFor([{ urls: ['stun:h:3478'] },
    { urls: ['turn:h:3478?transport=udp', 'turns:h:443?transport=tcp'], username: 'u', credential: 'p' }]);
  assert.deepEqual(probes.map((p) => p.path), ['stun', 'turnUdp', 'turnTls']);
  assert.equal(probes[2].username, 'u');
  assert.equal(probes[0].username, undefined);
});

test('the summary names what is blocked and how the call will go', () => {
  assert.deepEqual(summarize(all({})), { key: 'netcheck.ok', level: 'ok' });
  assert.equal(summarize(all({ udp: 'fail', turnUdp: 'fail' })).key, 'netcheck.viaTcp');
  assert.equal(summarize(all({ udp: 'fail', turnUdp: 'fail', turnTcp: 'fail' })).key, 'netcheck.viaTls');
  assert.deepEqual(summarize(all({ udp: 'fail', turnUdp: 'fail', turnTcp: 'fail', turnTls: 'fail' })),
    { key: 'netcheck.blocked', level: 'error' });
  assert.equal(summarize(all({ udp: 'fail', turnUdp: 'fail', turnTcp: 'fail', turnTls: 'none' })).key, 'netcheck.blocked');
  assert.equal(summarize(all({ signaling: 'fail' })).key, 'netcheck.noServer');
  assert.equal(summarize({ signaling: 'ok', udp: 'ok', turnUdp: 'none', turnTcp: 'none', turnTls: 'none' }).key,
    'netcheck.noRelay');
});

test('without TURN only the STUN URLs remain', () => {
  const servers = [{ urls: 'stun:h:3478' }, { urls: ['turn:h:3478', 'turns:h:443?transport=tcp'], username: 'u', credential: 'p' }];
  assert.deepEqual(stunOnly(servers), [{ urls: ['stun:h:3478'] }]);
});

test('only a network where nothing but the relay gets through makes the call relay-only', async () => {
  const { needsRelay } = await import('../../main/resources/META-INF/resources/js/netcheck.js');
  assert.equal(needsRelay(all({})), false);
  assert.equal(needsRelay(all({ udp: 'fail', turnUdp: 'fail' })), true);
  assert.equal(needsRelay(all({ udp: 'fail', turnUdp: 'fail', turnTcp: 'fail' })), true);
  assert.equal(needsRelay(all({ udp: 'fail', turnUdp: 'fail', turnTcp: 'fail', turnTls: 'fail' })), false);
  assert.equal(needsRelay(all({ signaling: 'fail', udp: 'fail' })), false);
});
