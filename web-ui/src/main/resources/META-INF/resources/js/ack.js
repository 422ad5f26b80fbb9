// Acknowledges numbered server messages (signal, chat) so the server can forget its copy (docs/protocol.md, `ack`):
// on the client's next signal, else at once after `every` unacknowledged ones, otherwise `delayMs` after the first of
// them (later ones do not postpone it), so a busy room costs few frames and a trickle is still acknowledged within
// `delayMs`.

export class Acknowledger {
  /**
   * @param {(seq: number) => boolean} send sends {type: 'ack', seq}; false when the socket is not open
   * @param {{every?: number, delayMs?: number, setTimer?: Function, clearTimer?: Function}} options
   */
  constructor(send, {
    every = 16, delayMs = 1000,
    // Wrapped: browsers throw "Illegal invocation" when the timer functions are called as methods of another object.
    setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id),
  } = {}) {
    this.sendAck = send;
    this.every = every;
    this.delayMs = delayMs;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    this.highest = 0;
    this.acked = 0;
    this.timer = null;
  }

  /** @param {number} seq a numbered message just received */
  received(seq) {
    if (seq <= this.highest) return;
    this.highest = seq;
    if (this.highest - this.acked >= this.every) {
      this.flush();
    } else if (this.timer === null) {
      this.timer = this.setTimer(() => this.flush(), this.delayMs);
    }
  }

  /**
   * Sends a message of the client's own with what is unacknowledged on it (a signal's `ack` field), so that a peer
   * that signals as much as it receives rarely sends an ack of its own.
   * @param {(seq: number | null) => boolean} send sends the message, with `ack: seq` unless seq is null
   */
  carry(send) {
    const seq = this.highest > this.acked ? this.highest : null;
    if (!send(seq)) return false;
    if (seq !== null) this.flush(() => true); // the ack went with the message
    return true;
  }

  /** @param {(seq: number) => boolean} [send] how the ack goes; by default a message of its own */
  flush(send = this.sendAck) {
    this.clearTimer(this.timer);
    this.timer = null;
    if (this.highest > this.acked && send(this.highest)) this.acked = this.highest;
  }

  /** After a resume the server trimmed up to the client's lastSeq; a new peer id starts from zero. */
  reset(seq = 0) {
    this.clearTimer(this.timer);
    this.timer = null;
    this.highest = seq;
    this.acked = seq;
  }
}
