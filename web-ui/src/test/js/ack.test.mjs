import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Acknowledger } from '../../main/resources/META-INF/resources/js/ack.js';

function manualTimers() {
  const pending = new Map();
  let next = 1;
  return {
    setTimer: (fn) => { pending.set(next, fn); return next++; },
    clearTimer: (id) => pending.delete(id),
    fire: () => { const fns = [...pending.values()]; pending.clear(); fns.forEach((fn) => fn()); },
    count: () => pending.size,
  };
}

test('acknowledges the highest seq once the delay passes', () => {
  const timers = manualTimers();
  const sent = [];
  const ack = new Acknowledger((seq) => { sent.push(seq); return true; }, { every: 16, ...timers });
  ack.received(1);
  ack.received(2);
  assert.deepEqual(sent, []);
  assert.equal(timers.count(), 1);
  timers.fire();
  assert.deepEqual(sent, [2]);
});

test('acknowledges at once after `every` unacknowledged messages', () => {
  const timers = manualTimers();
  const sent = [];
  const ack = new Acknowledger((seq) => { sent.push(seq); return true; }, { every: 4, ...timers });
  for (let seq = 1; seq <= 9; seq++) ack.received(seq);
  assert.deepEqual(sent, [4, 8]);
  timers.fire();
  assert.deepEqual(sent, [4, 8, 9]);
});

test('ignores replayed or repeated seqs and retries when the socket was closed', () => {
  const timers = manualTimers();
  let open = false;
  const sent = [];
  const ack = new Acknowledger((seq) => { if (open) sent.push(seq); return open; }, { every: 2, ...timers });
  ack.received(3);
  ack.received(3);
  ack.received(4); // socket closed: not acknowledged yet
  assert.deepEqual(sent, []);
  open = true;
  ack.received(5);
  assert.deepEqual(sent, [5]);
  ack.reset(0);
  ack.received(1);
  timers.fire();
  assert.deepEqual(sent, [5, 1]);
});
