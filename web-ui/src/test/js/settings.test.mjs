import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSettings, rememberedSwitch, rememberedText, saveSetting } from '../../main/resources/META-INF/resources/js/settings.js';

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

test('name, speaker, privacy and sounds are remembered too, each with its first-visit default', () => {
  const storage = memoryStorage();
  assert.equal(rememberedText('name', storage), '');
  assert.equal(rememberedSwitch('privacy', false, storage), false);
  assert.equal(rememberedSwitch('sounds', true, storage), true);
  saveSetting('name', 'Aiko', storage);
  saveSetting('output', 'speaker-2', storage);
  saveSetting('privacy', true, storage);
  saveSetting('sounds', false, storage);
  assert.equal(rememberedText('name', storage), 'Aiko');
  assert.equal(rememberedText('output', storage), 'speaker-2');
  assert.equal(rememberedSwitch('privacy', false, storage), true);
  assert.equal(rememberedSwitch('sounds', true, storage), false);
  assert.throws(() => rememberedText('volume', storage));
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
