import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenBitrateFor, videoBitrateFor, videoSendingFor } from '../../main/resources/META-INF/resources/js/bitrate.js';

test('per-stream video cap shrinks with the mesh so the uplink total stays bounded', () => {
  assert.equal(videoBitrateFor(1), 1_500_000);
  assert.equal(videoBitrateFor(2), 1_250_000);
  assert.equal(videoBitrateFor(7), 357_142);
  assert.ok(videoBitrateFor(7) * 7 <= 2_500_000);
  assert.equal(videoBitrateFor(100), 150_000);
  assert.equal(videoBitrateFor(0), 1_500_000);
});

test('screen share keeps a higher floor for legible text', () => {
  assert.equal(screenBitrateFor(7), 357_142);
  assert.equal(screenBitrateFor(20), 300_000);
  assert.equal(screenBitrateFor(1), 2_500_000);
});

test('a screen keeps its resolution and a camera its frame rate, whichever the sender carried before', () => {
  assert.deepEqual(videoSendingFor(true, 1), { maxBitrate: 2_500_000, degradationPreference: 'maintain-resolution' });
  assert.deepEqual(videoSendingFor(false, 1), { maxBitrate: 1_500_000, degradationPreference: 'maintain-framerate' });
  assert.equal(videoSendingFor(true, 20).maxBitrate, screenBitrateFor(20));
  assert.equal(videoSendingFor(false, 20).maxBitrate, videoBitrateFor(20));
});
