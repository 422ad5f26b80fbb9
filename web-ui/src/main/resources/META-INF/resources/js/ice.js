// ICE servers with time-limited TURN credentials from the credential service, paid for with the join token.

/**
 * @param {string} baseUrl the credential service ('' = same origin)
 * @param {string} joinToken welcome.turn.token
 * @param {{relayOnly?: boolean}} [options] relayOnly forces TURN (a test and troubleshooting switch: ?relay=1)
 * @returns {Promise<RTCConfiguration>}
 */
export async function fetchRtcConfiguration(baseUrl, joinToken, { relayOnly = false } = {}) {
  const response = await fetch(`${baseUrl}/api/v1/ice-servers`, {
    headers: { Authorization: `Bearer ${joinToken}` },
  });
  if (!response.ok) throw new Error(`credential service answered ${response.status}`);
  const body = await response.json();
  return { iceServers: body.iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all' };
}
