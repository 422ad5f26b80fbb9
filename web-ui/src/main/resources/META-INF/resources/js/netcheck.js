// The pre-join network check: what this network lets through, found by trying each path the call could take.

/** Which path an ICE server URL offers: 'stun', 'turnUdp', 'turnTcp' or 'turnTls'. */
export function pathOf(url) {
  const lower = String(url).toLowerCase();
  if (lower.startsWith('stun:') || lower.startsWith('stuns:')) return 'stun';
  if (lower.startsWith('turns:')) return 'turnTls';
  if (lower.startsWith('turn:')) return /[?&]transport=tcp\b/.test(lower) ? 'turnTcp' : 'turnUdp';
  return null;
}

/** One entry per ICE server URL: {path, url, username, credential}, in the order given. */
export function probesFor(iceServers) {
  const probes = [];
  for (const server of iceServers || []) {
    for (const url of [].concat(server.urls || [])) {
      const path = pathOf(url);
      if (path) probes.push({ path, url, username: server.username, credential: server.credential });
    }
  }
  return probes;
}

/**
 * Whether this network can only reach the others through the relay: UDP is blocked, or the NAT maps every
 * destination to a port of its own (a symmetric NAT, which defeats hole punching), and a TURN path works. Then
 * the call uses relay candidates alone, so ICE does not first spend its checks on direct pairs that cannot work.
 */
export function needsRelay(r) {
  const relay = r.turnUdp === 'ok' || r.turnTcp === 'ok' || r.turnTls === 'ok';
  return r.signaling === 'ok' && (r.udp !== 'ok' || r.mapping === 'varies') && relay;
}

/**
 * The relay transport a relay-only call uses: the best one the check found working (UDP, else TCP, else TLS), or
 * null when none did. One transport, not all three: ICE then cannot settle on a slower one that happened to answer
 * first, and each link holds one allocation on the TURN server instead of three.
 */
export function bestRelay(r) {
  return ['turnUdp', 'turnTcp', 'turnTls'].find((path) => r[path] === 'ok') ?? null;
}

/**
 * How the NAT maps this host, from the candidates one gathering against several STUN servers produced (RFC 4787):
 * 'varies' when one local socket was given different public addresses (endpoint-dependent mapping), 'fixed' when
 * at least two servers answered and each socket got one, 'none' when that cannot be told.
 * @param {{type: string, protocol: string, address: string, port: number, relatedAddress: string,
 *   relatedPort: number}[]} candidates
 * @param {number} answered how many STUN servers answered
 */
export function mappingOf(candidates, answered) {
  const sockets = candidates.filter((c) => c.type === 'host' && c.protocol === 'udp').length;
  const byBase = new Map();
  for (const c of candidates.filter((c) => c.type === 'srflx')) {
    // A page that may not use the camera is not told a candidate's local base; with one socket it is that one.
    const base = c.relatedPort ? `${c.relatedAddress}:${c.relatedPort}` : sockets === 1 ? 'the only socket' : null;
    if (base === null) return 'none';
    byBase.set(base, (byBase.get(base) || new Set()).add(`${c.address}:${c.port}`));
  }
  if ([...byBase.values()].some((mapped) => mapped.size > 1)) return 'varies';
  return byBase.size > 0 && answered > 1 ? 'fixed' : 'none';
}

/**
 * What the results mean for a call: an i18n key and a level ('ok', 'warn', 'error').
 * @param {{signaling: string, udp: string, turnUdp: string, turnTcp: string, turnTls: string, mapping?: string}} r
 *   each path 'ok', 'fail', or 'none' (not offered by this deployment); mapping as {@link mappingOf} tells it
 */
export function summarize(r) {
  if (r.signaling !== 'ok') return { key: 'netcheck.noServer', level: 'error' };
  if (r.udp === 'ok') {
    if (r.turnUdp === 'none' && r.turnTcp === 'none' && r.turnTls === 'none') {
      return { key: 'netcheck.noRelay', level: 'warn' };
    }
    if (needsRelay(r)) return { key: 'netcheck.viaRelay', level: 'warn' };
    if (r.mapping === 'varies') return { key: 'netcheck.symmetricNoRelay', level: 'error' };
    return { key: 'netcheck.ok', level: 'ok' };
  }
  if (r.turnTcp === 'ok') return { key: 'netcheck.viaTcp', level: 'warn' };
  if (r.turnTls === 'ok') return { key: 'netcheck.viaTls', level: 'warn' };
  return { key: 'netcheck.blocked', level: 'error' };
}

/** The candidates gathered with this configuration until {@code enough} says so, gathering ends or time is up. */
function gather(configuration, timeoutMs, enough = () => false) {
  return new Promise((resolve) => {
    const found = [];
    let pc;
    try {
      pc = new RTCPeerConnection(configuration);
    } catch {
      resolve(found);
      return;
    }
    const finish = () => {
      clearTimeout(timer);
      pc.onicecandidate = null;
      pc.close();
      resolve(found);
    };
    const timer = setTimeout(finish, timeoutMs);
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) found.push(candidate);
      if (!candidate || enough(found)) finish();
    };
    pc.createDataChannel('check');
    pc.createOffer().then((offer) => pc.setLocalDescription(offer)).catch(finish);
  });
}

/** Resolves true when a candidate of {@code type} is gathered within {@code timeoutMs}. */
async function gathers(configuration, type, timeoutMs) {
  const ofType = (found) => found.some((candidate) => candidate.type === type);
  return ofType(await gather(configuration, timeoutMs, ofType));
}

/**
 * Runs the check: signaling (a network-check token), then every STUN and TURN server of the deployment at once.
 * @param {{room: string, credentialServiceUrl: string, timeoutMs?: number}} options
 * @returns {Promise<{result: {signaling: string, udp: string, turnUdp: string, turnTcp: string, turnTls: string,
 *   mapping: string}, iceServers: RTCIceServer[] | null}>} the findings, and the ICE servers they were found with (the call may
 *   reuse them instead of asking the credential service again)
 */
export async function checkNetwork({ room, credentialServiceUrl, timeoutMs = 5000 }) {
  const result = { signaling: 'fail', udp: 'fail', turnUdp: 'none', turnTcp: 'none', turnTls: 'none', mapping: 'none' };
  let iceServers;
  try {
    const response = await fetch(`/network-check/${encodeURIComponent(room)}`, { method: 'POST' });
    if (!response.ok) throw new Error(`signaling answered ${response.status}`);
    const { token } = await response.json();
    result.signaling = 'ok';
    const servers = await fetch(`${credentialServiceUrl || ''}/api/v1/ice-servers`,
      { headers: { Authorization: `Bearer ${token}` } });
    if (!servers.ok) throw new Error(`credential service answered ${servers.status}`);
    iceServers = (await servers.json()).iceServers;
  } catch (error) {
    console.warn('network check:', error);
    return { result, iceServers: null };
  }
  const probes = probesFor(iceServers);
  const stunUrls = probes.filter((probe) => probe.path === 'stun').map((probe) => probe.url);
  // One socket against every STUN server: the public addresses it is given tell how the NAT maps.
  const mapped = stunUrls.length > 1 ? gather({ iceServers: [{ urls: stunUrls }] }, timeoutMs) : [];
  const outcomes = await Promise.all(probes.map((probe) => {
    const server = { urls: probe.url, username: probe.username, credential: probe.credential };
    return probe.path === 'stun'
      // A STUN answer shows as a server-reflexive candidate (none when there is no NAT: TURN/UDP then proves UDP).
      ? gathers({ iceServers: [{ urls: probe.url }] }, 'srflx', timeoutMs)
      : gathers({ iceServers: [server], iceTransportPolicy: 'relay' }, 'relay', timeoutMs);
  }));
  probes.forEach((probe, i) => {
    if (probe.path === 'stun') {
      if (outcomes[i]) result.udp = 'ok';
    } else if (result[probe.path] !== 'ok') {
      result[probe.path] = outcomes[i] ? 'ok' : 'fail';
    }
  });
  if (result.turnUdp === 'ok') result.udp = 'ok';
  result.mapping = mappingOf(await mapped, outcomes.filter((ok, i) => ok && probes[i].path === 'stun').length);
  return { result, iceServers };
}
