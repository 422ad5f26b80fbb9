// Reconnect delays: exponential with full jitter, capped, so a restarted server is not hit by every client at once.

/**
 * @param {number} attempt 0 for the first retry
 * @param {{base?: number, cap?: number, random?: () => number}} [options]
 * @returns {number} milliseconds to wait
 */
export function reconnectDelay(attempt, { base = 500, cap = 15000, random = Math.random } = {}) {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
