import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelay } from '../../main/resources/META-INF/resources/js/backoff.js';

test('delays grow exponentially with jitter and are capped', () => {
  assert.equal(reconnectDelay(0, { random: () => 0 }), 250);
  assert.equal(reconnectDelay(0, { random: () => 1 }), 500);
  assert.equal(reconnectDelay(3, { random: () => 1 }), 4000);
  assert.equal(reconnectDelay(20, { random: () => 1 }), 15000);
  assert.equal(reconnectDelay(20, { random: () => 0 }), 7500);
  for (let attempt = 0; attempt < 10; attempt++) {
    const delay = reconnectDelay(attempt);
    assert.ok(delay >= 250 && delay <= 15000, `${attempt}: ${delay}`);
  }
});
