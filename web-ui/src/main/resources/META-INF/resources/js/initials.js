// The letters on a tile whose camera is off: the first letter of the first two words of the name.

/** "Ben Carter" → "BC", "aiko" → "A", "山田 太郎" → "山太", "" → "?" */
export function initials(name) {
  const words = String(name || '').trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((word) => Array.from(word)[0].toLocaleUpperCase());
  return letters.join('') || '?';
}
