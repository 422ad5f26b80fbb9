// In a full mesh every participant uploads one video stream per other participant, so the per-stream cap
// shrinks with the room: the total stays near an ordinary uplink (default 2.5 Mbit/s).

/**
 * @param {number} remotePeers how many other participants receive our video
 * @param {{uplink?: number, min?: number, max?: number}} [options] bits per second
 * @returns {number} the maxBitrate for each outgoing video sender, in bits per second
 */
export function videoBitrateFor(remotePeers, { uplink = 2_500_000, min = 150_000, max = 1_500_000 } = {}) {
  if (remotePeers <= 0) return max;
  return Math.max(min, Math.min(max, Math.floor(uplink / remotePeers)));
}

/** Screen share carries text: fewer frames, more bits per frame. Same budget, higher floor. */
export function screenBitrateFor(remotePeers) {
  return videoBitrateFor(remotePeers, { min: 300_000, max: 2_500_000 });
}
