// ICE servers with time-limited TURN credentials from the credential service, paid for with the join token.

/**
 * @param {string} baseUrl the credential service ('' = same origin)
 * @param {string} joinToken welcome.turn.token
 * @param {{relayOnly?: boolean, withoutTurn?: boolean}} [options] relayOnly: only relayed paths (privacy mode, or
 *   ?relay=1); withoutTurn: STUN only, no relay (troubleshooting: ?turn=off shows whether a call needs TURN)
 * @returns {Promise<RTCConfiguration>}
 */
export async function fetchRtcConfiguration(baseUrl, joinToken, { relayOnly = false, withoutTurn = false } = {}) {
  const response = await fetch(`${baseUrl}/api/v1/ice-servers`, {
    headers: { Authorization: `Bearer ${joinToken}` },
  });
  if (!response.ok) throw new Error(`credential service answered ${response.status}`);
  const body = await response.json();
  return rtcConfiguration(body.iceServers, { relayOnly, withoutTurn });
}

/** The RTCConfiguration for these ICE servers under the same options as {@link fetchRtcConfiguration}. */
export function rtcConfiguration(iceServers, { relayOnly = false, withoutTurn = false } = {}) {
  return { iceServers: withoutTurn ? stunOnly(iceServers) : iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all' };
}

/** The ICE servers without their TURN URLs. */
export function stunOnly(iceServers) {
  return iceServers
    .map((server) => ({ ...server, urls: [].concat(server.urls).filter((url) => /^stuns?:/i.test(url)) }))
    .filter((server) => server.urls.length > 0);
}
