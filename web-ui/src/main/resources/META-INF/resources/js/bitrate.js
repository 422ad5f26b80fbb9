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

/**
 * How one outgoing video sender should encode. A screen keeps its resolution when bits or CPU run short (text must
 * stay legible; frames give way); a camera keeps its frame rate (motion must stay smooth; pixels give way). Set
 * explicitly because a sender keeps its parameters across replaceTrack: a camera that follows a screen must not
 * inherit the screen's preference.
 * @param {boolean} screen whether the track is a screen share (contentHint 'detail')
 * @param {number} remotePeers how many other participants receive it
 * @returns {{maxBitrate: number, degradationPreference: RTCDegradationPreference}}
 */
export function videoSendingFor(screen, remotePeers) {
  return screen
    ? { maxBitrate: screenBitrateFor(remotePeers), degradationPreference: 'maintain-resolution' }
    : { maxBitrate: videoBitrateFor(remotePeers), degradationPreference: 'maintain-framerate' };
}
