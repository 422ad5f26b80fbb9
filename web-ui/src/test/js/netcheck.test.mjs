import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestRelay, pathOf, probesFor, summarize } from '../../main/resources/META-INF/resources/js/netcheck.js';
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

test('one socket mapped to different public ports by different servers is a symmetric NAT', async () => {
  const { mappingOf } = await import('../../main/resources/META-INF/resources/js/netcheck.js');
  const host = { type: 'host', protocol: 'udp', address: '10.0.0.2', port: 5000 };
  const srflx = (port, base = { relatedAddress: '10.0.0.2', relatedPort: 5000 }) =>
    ({ type: 'srflx', protocol: 'udp', address: '203.0.113.7', port, ...base });
  assert.equal(mappingOf([host, srflx(40001), srflx(40002)], 2), 'varies');
  assert.equal(mappingOf([host, srflx(5000)], 2), 'fixed', 'the browser lists one mapping given twice once');
  assert.equal(mappingOf([host, srflx(5000)], 1), 'none', 'one server cannot tell');
  assert.equal(mappingOf([host], 2), 'none', 'no NAT: nothing reflexive');
  const hidden = { relatedAddress: '0.0.0.0', relatedPort: 0 };
  assert.equal(mappingOf([host, srflx(40001, hidden), srflx(40002, hidden)], 2), 'varies', 'one socket: its base');
  const second = { ...host, address: '192.168.1.5', port: 6000 };
  assert.equal(mappingOf([host, second, srflx(40001, hidden), srflx(40002, hidden)], 2), 'none',
    'two sockets, bases hidden: two mappings may be one per socket');
  assert.equal(mappingOf([host, second, srflx(40001), srflx(6000, { relatedAddress: '192.168.1.5', relatedPort: 6000 })], 2),
    'fixed', 'one mapping per socket');
});

test('a symmetric NAT with a relay makes the call relay-only, and the summary says why', async () => {
  const { needsRelay } = await import('../../main/resources/META-INF/resources/js/netcheck.js');
  assert.equal(needsRelay(all({ mapping: 'varies' })), true);
  assert.equal(needsRelay(all({ mapping: 'fixed' })), false);
  assert.equal(needsRelay(all({ mapping: 'varies', turnUdp: 'fail', turnTcp: 'fail', turnTls: 'none' })), false);
  assert.deepEqual(summarize(all({ mapping: 'varies' })), { key: 'netcheck.viaRelay', level: 'warn' });
  assert.equal(summarize(all({ mapping: 'fixed' })).key, 'netcheck.ok');
  assert.deepEqual(summarize(all({ mapping: 'varies', turnUdp: 'fail', turnTcp: 'fail', turnTls: 'fail' })),
    { key: 'netcheck.symmetricNoRelay', level: 'error' }, 'no relay behind a symmetric NAT: said, with what to ask for');
});

test('a relay-only call uses the best relay transport the check found working', () => {
  assert.equal(bestRelay({ turnUdp: 'ok', turnTcp: 'ok', turnTls: 'ok' }), 'turnUdp');
  assert.equal(bestRelay({ turnUdp: 'fail', turnTcp: 'ok', turnTls: 'ok' }), 'turnTcp');
  assert.equal(bestRelay({ turnUdp: 'fail', turnTcp: 'fail', turnTls: 'ok' }), 'turnTls');
  assert.equal(bestRelay({ turnUdp: 'none', turnTcp: 'fail', turnTls: 'none' }), null);
});
