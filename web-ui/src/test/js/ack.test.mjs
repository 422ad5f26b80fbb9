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

test('a signal carries what is unacknowledged, so no ack of its own follows', () => {
  const timers = manualTimers();
  const acks = [];
  const signals = [];
  const ack = new Acknowledger((seq) => { acks.push(seq); return true; }, { every: 4, ...timers });
  ack.received(1);
  ack.received(2);
  assert.equal(ack.carry((seq) => { signals.push(seq); return true; }), true);
  assert.deepEqual(signals, [2]);
  assert.equal(timers.count(), 0, 'the delayed ack is called off');
  ack.carry((seq) => { signals.push(seq); return true; });
  assert.deepEqual(signals, [2, null], 'nothing new to carry');
  ack.received(3);
  ack.carry(() => false); // the socket was closed: the signal, and its ack, did not go
  timers.fire();
  assert.deepEqual(acks, [3]);
  for (let seq = 4; seq <= 7; seq++) ack.received(seq);
  assert.deepEqual(acks, [3, 7], 'counted from what was last acknowledged, on a signal or not');
});
