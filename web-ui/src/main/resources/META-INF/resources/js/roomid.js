// Room ids: 16 random bytes (128 bits) in base64url, so a room URL cannot be guessed.
// Valid ids (also typed by people): 1-64 characters of A-Z a-z 0-9 _ - (the server enforces the same rule).

/** @returns {string} a fresh, unguessable room id */
export function newRoomId(random = (n) => crypto.getRandomValues(new Uint8Array(n))) {
  const bytes = random(16);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} id */
export function isValidRoomId(id) {
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id);
}

/**
 * Accepts what people paste: a bare id or a whole room URL.
 * @param {string} input
 * @returns {string|null} the room id, or null when it is not one
 */
export function roomIdFrom(input) {
  const text = (input || '').trim();
  const match = text.match(/\/r\/([^/?#]+)/);
  const candidate = match ? decodeURIComponent(match[1]) : text;
  return isValidRoomId(candidate) ? candidate : null;
}

/** The room id of a path like /r/<room>, or null. @param {string} pathname */
export function roomIdFromPath(pathname) {
  const match = pathname.match(/^\/r\/([^/]+)\/?$/);
  return match ? decodeURIComponent(match[1]) : null;
}
