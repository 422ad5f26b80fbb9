// The call security code: both ends of a peer connection derive the same short code from the two DTLS
// certificate fingerprints in its descriptions. A signaling server that swapped keys (a man in the middle)
// would leave each side with a different pair, so the codes read aloud would not match.

/** The certificate fingerprint a description announces ("sha-256 AB:CD:…"), or null. */
export function fingerprintOf(sdp) {
  const match = /^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/m.exec(sdp || '');
  return match ? `${match[1].toLowerCase()} ${match[2].toUpperCase()}` : null;
}

/**
 * Four groups of four digits from SHA-256 over both fingerprints, sorted so both sides agree.
 * @returns {Promise<string>} e.g. "0421 9930 1377 5208"
 */
export async function securityCode(localSdp, remoteSdp) {
  const mine = fingerprintOf(localSdp);
  const theirs = fingerprintOf(remoteSdp);
  if (!mine || !theirs) throw new Error('the connection has no DTLS fingerprints yet');
  const input = `kaigi-security-code-v1\n${[mine, theirs].sort().join('\n')}`;
  const digest = new DataView(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input)));
  const groups = [];
  for (let i = 0; i < 4; i++) groups.push(String(digest.getUint32(i * 4) % 10000).padStart(4, '0'));
  return groups.join(' ');
}
