import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidRoomId, newRoomId, roomIdFrom, roomIdFromPath } from '../../main/resources/META-INF/resources/js/roomid.js';

test('new room ids carry 128 random bits in URL-safe characters', () => {
  const ids = new Set(Array.from({ length: 1000 }, () => newRoomId()));
  assert.equal(ids.size, 1000);
  for (const id of ids) {
    assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(isValidRoomId(id));
  }
  const allOnes = newRoomId((n) => new Uint8Array(n).fill(255));
  assert.equal(allOnes, '_____________________w');
});

test('room ids follow the server rule', () => {
  assert.ok(isValidRoomId('a'));
  assert.ok(isValidRoomId('Team_Sync-42'));
  assert.ok(isValidRoomId('x'.repeat(64)));
  for (const bad of ['', 'x'.repeat(65), 'a b', 'a/b', 'ä', 'a.b', null, undefined]) {
    assert.equal(isValidRoomId(bad), false, String(bad));
  }
});

test('pasted links and bare ids both work', () => {
  assert.equal(roomIdFrom('https://meet.example.org/r/weekly-sync'), 'weekly-sync');
  assert.equal(roomIdFrom('  http://localhost:8080/r/abc?x=1#y '), 'abc');
  assert.equal(roomIdFrom('weekly-sync'), 'weekly-sync');
  assert.equal(roomIdFrom('not a room'), null);
  assert.equal(roomIdFrom('https://meet.example.org/r/../etc'), null);
});

test('room paths', () => {
  assert.equal(roomIdFromPath('/r/abc'), 'abc');
  assert.equal(roomIdFromPath('/r/abc/'), 'abc');
  assert.equal(roomIdFromPath('/'), null);
  assert.equal(roomIdFromPath('/r/'), null);
});
