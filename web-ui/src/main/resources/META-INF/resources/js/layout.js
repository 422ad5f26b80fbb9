// Which tile takes the stage, and which go to the strip beside or below it. Pure, so it is unit-tested.

/**
 * @param {object} input
 * @param {string[]} input.tiles tile ids in display order ('self' included)
 * @param {string|null} input.pinned a tile the user pinned, if any
 * @param {Map<string, number>} input.sharingSince tiles sharing a screen, with when their share started
 * @param {boolean} input.speakerView whether the stage follows the active speaker
 * @param {string|null} input.speaker the remote tile that spoke last
 * @returns {{stage: string|null, strip: string[]}} stage null means an even grid of every tile
 */
export function arrange({ tiles, pinned = null, sharingSince = new Map(), speakerView = false, speaker = null }) {
  const present = new Set(tiles);
  let stage = null;
  if (pinned && present.has(pinned)) {
    stage = pinned;
  } else {
    // The newest share wins; the older ones stay readable in the strip until it ends.
    let newest = -Infinity;
    for (const [id, since] of sharingSince) {
      if (present.has(id) && since > newest) { stage = id; newest = since; }
    }
    if (stage === null && speakerView) {
      const remote = tiles.filter((id) => id !== 'self');
      stage = speaker && present.has(speaker) && speaker !== 'self' ? speaker : remote[0] ?? null;
    }
  }
  return { stage, strip: stage === null ? [...tiles] : tiles.filter((id) => id !== stage) };
}
