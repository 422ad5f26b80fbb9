// ICE servers with time-limited TURN credentials from the credential service, paid for with the join token.
import { pathOf } from './netcheck.js';

/**
 * @param {string} baseUrl the credential service ('' = same origin)
 * @param {string} joinToken welcome.turn.token
 * @param {{relayOnly?: boolean, withoutTurn?: boolean, relayVia?: string | null}} [options] relayOnly: only relayed
 *   paths (privacy mode, or ?relay=1); withoutTurn: STUN only, no relay (troubleshooting: ?turn=off shows whether a
 *   call needs TURN); relayVia: with relayOnly, only the TURN URLs of this path ('turnUdp', 'turnTcp' or 'turnTls')
 * @returns {Promise<RTCConfiguration>}
 */
export async function fetchRtcConfiguration(baseUrl, joinToken, options = {}) {
  const response = await fetch(`${baseUrl}/api/v1/ice-servers`, {
    headers: { Authorization: `Bearer ${joinToken}` },
  });
  if (!response.ok) throw new Error(`credential service answered ${response.status}`);
  const body = await response.json();
  return rtcConfiguration(body.iceServers, options);
}

/** The RTCConfiguration for these ICE servers under the same options as {@link fetchRtcConfiguration}. */
export function rtcConfiguration(iceServers, { relayOnly = false, withoutTurn = false, relayVia = null } = {}) {
  let servers = iceServers;
  if (withoutTurn) servers = stunOnly(iceServers);
  else if (relayOnly && relayVia) servers = onlyPath(iceServers, relayVia);
  return { iceServers: servers, iceTransportPolicy: relayOnly ? 'relay' : 'all' };
}

/** The ICE servers with only their URLs of this path (see netcheck.js pathOf). */
function onlyPath(iceServers, path) {
  return withUrls(iceServers, (url) => pathOf(url) === path);
}

/** The ICE servers without their TURN URLs. */
export function stunOnly(iceServers) {
  return withUrls(iceServers, (url) => /^stuns?:/i.test(url));
}

/** The ICE servers with the URLs that {@code keep} accepts; a server left without any is dropped. */
function withUrls(iceServers, keep) {
  return iceServers
    .map((server) => ({ ...server, urls: [].concat(server.urls).filter(keep) }))
    .filter((server) => server.urls.length > 0);
}
