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
 * Whether this network can only reach the others through the relay: UDP is blocked but a TURN path over TCP or
 * TLS works. Then the call uses relay candidates alone, so ICE does not first spend its checks on direct pairs
 * that cannot work here.
 */
export function needsRelay(r) {
  return r.signaling === 'ok' && r.udp !== 'ok' && (r.turnTcp === 'ok' || r.turnTls === 'ok');
}

/**
 * What the results mean for a call: an i18n key and a level ('ok', 'warn', 'error').
 * @param {{signaling: string, udp: string, turnUdp: string, turnTcp: string, turnTls: string}} r
 *   each 'ok', 'fail', or 'none' (not offered by this deployment)
 */
export function summarize(r) {
  if (r.signaling !== 'ok') return { key: 'netcheck.noServer', level: 'error' };
  if (r.udp === 'ok') {
    return r.turnUdp === 'none' && r.turnTcp === 'none' && r.turnTls === 'none'
      ? { key: 'netcheck.noRelay', level: 'warn' }
      : { key: 'netcheck.ok', level: 'ok' };
  }
  if (r.turnTcp === 'ok') return { key: 'netcheck.viaTcp', level: 'warn' };
  if (r.turnTls === 'ok') return { key: 'netcheck.viaTls', level: 'warn' };
  return { key: 'netcheck.blocked', level: 'error' };
}

/** Resolves true when a candidate of {@code type} is gathered within {@code timeoutMs}. */
function gathers(configuration, type, timeoutMs) {
  return new Promise((resolve) => {
    let pc;
    try {
      pc = new RTCPeerConnection(configuration);
    } catch {
      resolve(false);
      return;
    }
    const finish = (found) => {
      clearTimeout(timer);
      pc.onicecandidate = null;
      pc.close();
      resolve(found);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    pc.onicecandidate = ({ candidate }) => {
      if (candidate && candidate.type === type) finish(true);
      else if (!candidate) finish(false);
    };
    pc.createDataChannel('check');
    pc.createOffer().then((offer) => pc.setLocalDescription(offer)).catch(() => finish(false));
  });
}

/**
 * Runs the check: signaling (a network-check token), then every STUN and TURN server of the deployment at once.
 * @param {{room: string, credentialServiceUrl: string, timeoutMs?: number}} options
 * @returns {Promise<{result: {signaling: string, udp: string, turnUdp: string, turnTcp: string, turnTls: string},
 *   iceServers: RTCIceServer[] | null}>} the findings, and the ICE servers they were found with (the call may
 *   reuse them instead of asking the credential service again)
 */
export async function checkNetwork({ room, credentialServiceUrl, timeoutMs = 5000 }) {
  const result = { signaling: 'fail', udp: 'fail', turnUdp: 'none', turnTcp: 'none', turnTls: 'none' };
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
  return { result, iceServers };
}
