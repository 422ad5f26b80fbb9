import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSettings, saveSetting } from '../../main/resources/META-INF/resources/js/settings.js';

function memoryStorage() {
  const items = new Map();
  return { getItem: (k) => (items.has(k) ? items.get(k) : null), setItem: (k, v) => items.set(k, String(v)) };
}

test('a first visit starts with the default devices, microphone and camera on', () => {
  assert.deepEqual(loadSettings(memoryStorage()),
    { audioDevice: undefined, videoDevice: undefined, audioOn: true, videoOn: true });
});

test('chosen devices and on/off survive to the next visit', () => {
  const storage = memoryStorage();
  saveSetting('videoDevice', 'cam-2', storage);
  saveSetting('audioOn', false, storage);
  saveSetting('videoOn', true, storage);
  assert.deepEqual(loadSettings(storage), { audioDevice: undefined, videoDevice: 'cam-2', audioOn: false, videoOn: true });
});

test('an unknown setting is a programming error', () => {
  assert.throws(() => saveSetting('volume', 3, memoryStorage()));
});

test('initials: first letters of the first two words, any script', async () => {
  const { initials } = await import('../../main/resources/META-INF/resources/js/initials.js');
  assert.equal(initials('Ben Carter'), 'BC');
  assert.equal(initials('aiko'), 'A');
  assert.equal(initials('  Jean  Paul Sartre '), 'JP');
  assert.equal(initials('山田 太郎'), '山太');
  assert.equal(initials('😀 smile'), '😀S');
  assert.equal(initials(''), '?');
});
