import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rtcConfiguration } from '../../main/resources/META-INF/resources/js/ice.js';

const servers = [
  { urls: ['stun:turn.example.org:3478'] },
  { urls: ['turn:turn.example.org:3478?transport=udp', 'turn:turn.example.org:3478?transport=tcp',
    'turns:turn.example.org:443?transport=tcp'], username: 'u', credential: 'c' },
];

test('a relay-only call keeps only the TURN URLs of the relay transport it was given', () => {
  const config = rtcConfiguration(servers, { relayOnly: true, relayVia: 'turnTcp' });
  assert.deepEqual(config, { iceTransportPolicy: 'relay',
    iceServers: [{ urls: ['turn:turn.example.org:3478?transport=tcp'], username: 'u', credential: 'c' }] });
});

test('without a relay-only policy, or without a transport named, every ICE server stays', () => {
  assert.deepEqual(rtcConfiguration(servers, { relayVia: 'turnTcp' }).iceServers, servers);
  assert.deepEqual(rtcConfiguration(servers, { relayOnly: true }).iceServers, servers);
  assert.deepEqual(rtcConfiguration(servers, { withoutTurn: true }).iceServers, [servers[0]]);
});
