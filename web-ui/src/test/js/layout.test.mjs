import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrange } from '../../main/resources/META-INF/resources/js/layout.js';

const tiles = ['self', 'a', 'b', 'c'];

test('without a share, a pin or speaker view every tile is in an even grid', () => {
  assert.deepEqual(arrange({ tiles }), { stage: null, strip: tiles });
});

test('a screen share takes the stage and the faces go to the strip', () => {
  assert.deepEqual(arrange({ tiles, sharingSince: new Map([['b', 10]]) }), { stage: 'b', strip: ['self', 'a', 'c'] });
});

test('with several shares the latest is on stage and the others stay in the strip', () => {
  const sharingSince = new Map([['a', 30], ['c', 20], ['self', 10]]);
  assert.equal(arrange({ tiles, sharingSince }).stage, 'a');
  sharingSince.delete('a');
  assert.equal(arrange({ tiles, sharingSince }).stage, 'c');
});

test('a pinned tile wins over a share, and a pin of a tile that left is ignored', () => {
  const sharingSince = new Map([['b', 10]]);
  assert.equal(arrange({ tiles, pinned: 'a', sharingSince }).stage, 'a');
  assert.equal(arrange({ tiles, pinned: 'gone', sharingSince }).stage, 'b');
  assert.equal(arrange({ tiles, pinned: 'self' }).stage, 'self');
});

test('speaker view follows the last remote speaker, never the own tile', () => {
  assert.equal(arrange({ tiles, speakerView: true, speaker: 'c' }).stage, 'c');
  assert.equal(arrange({ tiles, speakerView: true, speaker: 'self' }).stage, 'a');
  assert.equal(arrange({ tiles, speakerView: true }).stage, 'a');
  assert.equal(arrange({ tiles: ['self'], speakerView: true }).stage, null);
  // A share still beats the speaker: the document is what people look at.
  assert.equal(arrange({ tiles, speakerView: true, speaker: 'c', sharingSince: new Map([['a', 1]]) }).stage, 'a');
});
