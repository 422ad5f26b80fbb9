// A soft two-note chime for joins, leaves and chat while the chat panel is closed: generated, no sound files.
let context = null;

/** @param {'join'|'leave'|'chat'} kind */
export function chime(kind) {
  try {
    context ??= new AudioContext();
    const notes = { join: [660, 880], leave: [880, 660], chat: [990, 990] }[kind] || [880, 880];
    const start = context.currentTime;
    notes.forEach((frequency, i) => {
      const tone = context.createOscillator();
      const gain = context.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.05, start + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.12 + 0.11);
      tone.connect(gain).connect(context.destination);
      tone.start(start + i * 0.12);
      tone.stop(start + i * 0.12 + 0.12);
    });
  } catch {
    // no audio output: the toast says it anyway
  }
}
