// Full mesh: one RTCPeerConnection per remote peer, negotiated with the "perfect negotiation" pattern, so
// join order never matters, glare resolves itself and renegotiation (screen share, ICE restart) just works.
import { videoSendingFor } from './bitrate.js';
import { securityCode } from './verify.js';

/** The per-peer progress counts of Mesh.stats(). */
const COUNTS = ['framesDecoded', 'audioBytesReceived', 'audioEnergy'];
/**
 * Incoming media on a connected link is checked this often; this many checks without a byte mean it stopped. The
 * polite side waits one check more (see #checkMediaFlows).
 */
const MEDIA_CHECK_MS = 2000;
const MEDIA_STILL_CHECKS = 2;
/** A spare connection is made this long after the last one was taken or dropped, or after the mesh is made. */
const SPARE_DELAY_MS = 2000;

class PeerLink {
  #connectedNow;

  /**
   * @param {{awaitOffer?: boolean, adopt?: {pc: RTCPeerConnection, candidates: RTCIceCandidate[]}}} [options]
   *   adopt: a connection whose offer already went out (opening.js), and the candidates found since
   */
  constructor(mesh, peerId, generation = 0, { awaitOffer = false, adopt = null } = {}) {
    this.mesh = mesh;
    this.peerId = peerId;
    // Bumped when the impolite side replaces a stuck connection; signals of older generations are dropped.
    this.generation = generation;
    this.stalledRounds = 0;
    /** Inbound media bytes at the last media check, and how many checks in a row found no new ones. */
    this.lastInboundBytes = 0;
    this.stillChecks = 0;
    /** Progress counts of the connections this one replaced (see Mesh.replace). */
    this.carried = Object.fromEntries(COUNTS.map((key) => [key, 0]));
    this.lastReported = null;
    // Peer ids are unique: the lower one is polite and yields on an offer collision.
    this.polite = mesh.selfId < peerId;
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.settingRemoteAnswer = false;
    // The newcomer offers; the peers already in the room wait for its offer (they learn of it from peer-joined):
    // one offer per pair instead of two colliding ones and a rollback. The watchdog below ends the wait if no
    // offer comes.
    this.awaitOffer = awaitOffer;
    /** Settles once ICE first connects on this link (app.js holds a newcomer's tile until then). */
    this.connected = new Promise((resolve) => { this.#connectedNow = resolve; });
    this.stream = new MediaStream();
    // Signals are applied one at a time, in order: a candidate must not overtake the description before it.
    this.inbox = Promise.resolve();
    this.disconnectedTimer = null;
    this.pc = adopt ? adopt.pc : mesh.connection();
    this.pc.onnegotiationneeded = () => {
      if (this.awaitOffer && !this.pc.remoteDescription) return;
      this.offer();
    };
    this.pc.onicecandidate = ({ candidate }) => candidate && this.send({ candidate });
    this.pc.ontrack = ({ track }) => {
      if (!this.stream.getTracks().includes(track)) this.stream.addTrack(track);
      mesh.emit('track', { peerId, stream: this.stream, track });
    };
    this.pc.oniceconnectionstatechange = () => this.#iceState();
    this.pc.onconnectionstatechange = () => mesh.emit('link-state', { peerId, state: this.pc.connectionState });
    if (adopt) {
      for (const candidate of adopt.candidates) this.send({ candidate });
    }
    // A negotiation can stall (a signal lost with a dropped socket, or candidates discarded around a glare):
    // if a link has not connected after a while, negotiate again with an ICE restart; if that does not help
    // either, the impolite side replaces the connection with a fresh one of the next generation.
    this.watchdog = setInterval(() => {
      const state = this.pc.connectionState;
      if (state !== 'new' && state !== 'failed') {
        this.stalledRounds = 0;
        return;
      }
      this.stalledRounds += 1;
      this.awaitOffer = false;
      mesh.emit('stalled', { peerId: this.peerId });
      if (this.stalledRounds >= 2 && !this.polite) {
        console.info('kaigi: link to', this.peerId, 'still', state, '- replacing it');
        mesh.replace(this.peerId, this.generation + 1, { offer: true });
      } else {
        console.info('kaigi: link to', this.peerId, 'still', state, '- restarting ICE');
        this.pc.restartIce();
      }
    }, 8000);
    // Media that stops on a connected link freezes the call: noticed within seconds, not watchdog rounds.
    this.mediaCheck = setInterval(() => {
      if (this.pc.connectionState === 'connected') this.#checkMediaFlows();
      else this.stillChecks = 0;
    }, MEDIA_CHECK_MS);
  }

  send(data) {
    this.mesh.send(this.peerId, { ...data, generation: this.generation });
  }

  /** This connection's facts with the peer's progress counts made cumulative over replaced connections. */
  report(facts) {
    for (const key of COUNTS) facts[key] += this.carried[key];
    this.lastReported = facts;
    return facts;
  }

  /** The cumulative counts last reported, for the connection that replaces this one. */
  counted() {
    return Object.fromEntries(COUNTS.map((key) => [key, this.lastReported?.[key] ?? this.carried[key]]));
  }

  /**
   * A connected link whose incoming media stopped: audio keeps sending packets even when muted, so bytes that
   * flowed and then stand still for MEDIA_STILL_CHECKS checks in a row (4-6 s) mean the path is dead although ICE
   * says connected (seen after an ICE restart between Chromium and Firefox). A fresh connection of the next
   * generation heals it. Two checks, not one, so that a network outage is ICE's to notice first ('disconnected').
   * Media that stops both ways is noticed by both sides at the same check (their links were made together), and two
   * fresh connections offering at once collide: in the browser tests the impolite side then sometimes set the polite
   * side's answer and never connected. So the polite side waits one check more; by then the impolite side's offer
   * has replaced its link, and it replaces the link itself only when media stopped towards it alone.
   */
  async #checkMediaFlows() {
    let bytes = 0;
    try {
      (await this.pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp') bytes += s.bytesReceived || 0; });
    } catch {
      return;
    }
    const still = this.lastInboundBytes > 0 && bytes === this.lastInboundBytes;
    this.lastInboundBytes = bytes;
    this.stillChecks = still ? this.stillChecks + 1 : 0;
    const needed = MEDIA_STILL_CHECKS + (this.polite ? 1 : 0);
    if (this.stillChecks >= needed && this.mesh.links.get(this.peerId) === this) {
      console.info('kaigi: no media from', this.peerId, 'although connected - replacing the link');
      this.mesh.emit('stalled', { peerId: this.peerId });
      this.mesh.replace(this.peerId, this.generation + 1, { offer: true });
    }
  }

  /** Starts a negotiation; the perfect-negotiation rules settle a collision with the peer's offer. */
  async offer() {
    try {
      this.makingOffer = true;
      console.info('kaigi: offering to', this.peerId, 'polite', this.polite);
      await this.pc.setLocalDescription();
      // A colliding remote offer may have rolled ours back meanwhile; then there is nothing to send.
      if (this.pc.localDescription?.type === 'offer') {
        this.send({ description: this.pc.localDescription });
      }
    } catch (error) {
      console.warn('offer failed', this.peerId, error);
    } finally {
      this.makingOffer = false;
    }
  }

  handle(data) {
    this.inbox = this.inbox.then(() => this.#apply(data));
    return this.inbox;
  }

  async #apply({ description, candidate }) {
    try {
      if (description) {
        console.info('kaigi:', description.type, 'from', this.peerId, 'state', this.pc.signalingState,
          'makingOffer', this.makingOffer);
        const readyForOffer = !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
        const collision = description.type === 'offer' && !readyForOffer;
        this.ignoreOffer = !this.polite && collision;
        if (this.ignoreOffer) return;
        this.settingRemoteAnswer = description.type === 'answer';
        await this.pc.setRemoteDescription(keepingDtlsRole(description, this.pc));
        this.settingRemoteAnswer = false;
        if (description.type === 'offer') {
          await this.pc.setLocalDescription();
          this.send({ description: this.pc.localDescription });
        }
        this.applyBitrate();
      } else if (candidate) {
        try {
          await this.pc.addIceCandidate(candidate);
        } catch (error) {
          if (!this.ignoreOffer) throw error;
        }
      }
    } catch (error) {
      console.warn('signal handling failed', this.peerId, error);
    }
  }

  #iceState() {
    const state = this.pc.iceConnectionState;
    console.info('kaigi: ice to', this.peerId, state);
    if (state === 'connected' || state === 'completed') this.#connectedNow();
    clearTimeout(this.disconnectedTimer);
    if (state === 'failed') {
      this.pc.restartIce();
    } else if (state === 'disconnected') {
      // Often recovers by itself; if not within 5 s, restart ICE.
      this.disconnectedTimer = setTimeout(() => {
        if (this.pc.iceConnectionState === 'disconnected') this.pc.restartIce();
      }, 5000);
    }
  }

  /** Replaces (or adds) the outgoing track of this kind without a renegotiation when possible. */
  async useTrack(kind, track) {
    // A sender whose track was replaced by null has no kind left; its transceiver's receiver still has one.
    const transceiver = this.pc.getTransceivers().find((t) => t.receiver.track.kind === kind && !t.stopped
      && (t.direction === 'sendrecv' || t.direction === 'sendonly'));
    if (transceiver) {
      await transceiver.sender.replaceTrack(track);
    } else if (track) {
      this.pc.addTrack(track, this.mesh.localStream);
    }
    this.applyBitrate();
  }

  async applyBitrate() {
    const sender = this.pc.getSenders().find((s) => s.track?.kind === 'video');
    if (!sender) return;
    const parameters = sender.getParameters();
    if (!parameters.encodings || parameters.encodings.length === 0) return;
    // Screen tracks are marked contentHint 'detail' (media.js): they get the screen budget and keep their size.
    const wanted = videoSendingFor(sender.track.contentHint === 'detail', this.mesh.links.size);
    if (parameters.encodings[0].maxBitrate === wanted.maxBitrate
      && parameters.degradationPreference === wanted.degradationPreference) return;
    parameters.encodings[0].maxBitrate = wanted.maxBitrate;
    parameters.degradationPreference = wanted.degradationPreference;
    try {
      await sender.setParameters(parameters);
    } catch (error) {
      // A browser that refuses the preference still gets the bitrate cap.
      console.debug('setParameters', error);
      const again = sender.getParameters();
      if (!again.encodings?.length) return;
      again.encodings[0].maxBitrate = wanted.maxBitrate;
      await sender.setParameters(again).catch((refused) => console.debug('setParameters', refused));
    }
  }

  close() {
    clearTimeout(this.disconnectedTimer);
    clearInterval(this.watchdog);
    clearInterval(this.mediaCheck);
    this.pc.close();
  }
}

/**
 * A renegotiation (an ICE restart) keeps the DTLS association, so each side keeps its DTLS role. Firefox answered
 * Chromium's re-offer with `a=setup:active` (seen in FirefoxMeetingTest) although Chromium was already the DTLS
 * client, having answered Firefox's first offer; Chromium then refuses the answer ("Failed to set SSL role"). Such an
 * answer is read as the role Firefox really keeps: passive.
 * @param {RTCSessionDescriptionInit} description from the peer
 * @param {{currentLocalDescription: RTCSessionDescription | null, currentRemoteDescription: RTCSessionDescription
 *   | null}} pc the descriptions of the last completed negotiation
 */
export function keepingDtlsRole(description, { currentLocalDescription: ours, currentRemoteDescription: theirs }) {
  const client = /^a=setup:active\r?$/m.test(ours?.sdp || '') || /^a=setup:passive\r?$/m.test(theirs?.sdp || '');
  if (description.type !== 'answer' || !client) return description;
  return { type: 'answer', sdp: description.sdp.replace(/^a=setup:active(\r?)$/gm, 'a=setup:passive$1') };
}

export class Mesh extends EventTarget {
  /**
   * @param {{send: (to: string, data: object) => void, localStream: MediaStream, config: RTCConfiguration}} options
   */
  constructor({ send, localStream, config }) {
    super();
    this.sendSignal = send;
    this.localStream = localStream;
    this.config = config;
    this.selfId = null;
    /** @type {Map<string, PeerLink>} */
    this.links = new Map();
    /** Per kind, the track useTrack last chose to send (null: none), in place of the local stream's. */
    this.sending = new Map();
    /** A connection with the local tracks, made while the call is idle, for the next link (see connection()). */
    this.spare = null;
    this.spareTimer = null;
    this.closed = false;
    this.#prepareSpare();
  }

  /**
   * A connection with the local tracks for a new link: the spare if there is one, else a new one. A peer already in
   * the room answers the newcomer's offer on it, and the newcomer waits for that answer. Made on the spot at
   * peer-joined, the connection and its tracks cost 25-35 ms of a busy page (traced in Chromium), with the offer
   * waiting behind them; the spare was made in a quiet moment.
   */
  connection() {
    const pc = this.spare ?? this.#fresh();
    this.spare = null;
    this.#prepareSpare();
    return pc;
  }

  /** Makes a spare connection once the page has been quiet for a while (a call starting has other work). */
  #prepareSpare() {
    clearTimeout(this.spareTimer);
    if (this.closed) return; // also after a late setConfiguration (an async credential fetch)
    this.spareTimer = setTimeout(() => {
      if (!this.spare) this.spare = this.#fresh();
    }, SPARE_DELAY_MS);
  }

  #fresh() {
    const pc = new RTCPeerConnection(this.config);
    for (const track of this.localTracks()) pc.addTrack(track, this.localStream);
    return pc;
  }

  /** The spare no longer matches (other tracks or ICE servers): a new one is made later. */
  #dropSpare() {
    this.spare?.close();
    this.spare = null;
    this.#prepareSpare();
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  send(to, data) {
    this.sendSignal(to, data);
  }

  /**
   * What a new link sends: the local stream's tracks, except where useTrack put another in its place (a shared
   * screen instead of the camera), so that a newcomer sees what the others see.
   */
  localTracks() {
    const tracks = this.localStream.getTracks().filter((track) => !this.sending.has(track.kind));
    for (const track of this.sending.values()) if (track) tracks.push(track);
    return tracks;
  }

  /**
   * Ensures a link to each of these peers; keeps existing ones (they survive signaling outages).
   * @param {{awaitOffer?: boolean}} [options] awaitOffer: new links wait for the peer's offer (it is the newcomer)
   */
  connectTo(peerIds, { awaitOffer = false } = {}) {
    for (const peerId of peerIds) this.link(peerId, { awaitOffer });
    for (const link of this.links.values()) link.applyBitrate();
  }

  link(peerId, { awaitOffer = false } = {}) {
    let link = this.links.get(peerId);
    if (!link) {
      console.info('kaigi: new link to', peerId, awaitOffer ? '(awaiting its offer)' : '');
      link = new PeerLink(this, peerId, 0, { awaitOffer });
      this.links.set(peerId, link);
      // Offer now rather than on negotiationneeded, which comes a task later (20-50 ms on a busy page): ICE
      // gathering and checks start with the offer, so every task it waits for delays the call.
      if (!awaitOffer) link.offer();
    }
    return link;
  }

  /**
   * The link to this peer takes over the connection of the opening offer the join brought it (opening.js). Only
   * for a peer without a link yet: app.js adopts at the first welcome, before any other link to it exists.
   */
  adopt(peerId, opening) {
    console.info('kaigi: new link to', peerId, '(the offer went with the join)');
    const link = new PeerLink(this, peerId, 0, { adopt: opening.handOver() });
    this.links.set(peerId, link);
    return link;
  }

  handleSignal(from, data) {
    const generation = Number.isInteger(data.generation) ? data.generation : 0;
    const existing = this.links.get(from);
    if (existing && generation < existing.generation) return; // from a connection already replaced
    const link = existing && generation === existing.generation ? existing : this.replace(from, generation);
    link.handle(data);
  }

  /**
   * A fresh connection to this peer, of the given generation; the old one (if any) is closed.
   * @param {{offer?: boolean}} [options] offer: this side replaces a stuck link, so it offers at once (a spare
   *   connection got its tracks long ago, so no negotiationneeded comes to start the offer)
   */
  replace(peerId, generation, { offer = false } = {}) {
    const old = this.links.get(peerId);
    old?.close();
    const link = new PeerLink(this, peerId, generation);
    // Progress counts are per peer, not per connection: what the replaced one last reported carries over.
    if (old) link.carried = old.counted();
    this.links.set(peerId, link);
    if (offer) link.offer();
    return link;
  }

  remove(peerId) {
    const link = this.links.get(peerId);
    if (link) {
      link.close();
      this.links.delete(peerId);
      for (const other of this.links.values()) other.applyBitrate();
    }
  }

  /** New ICE servers (refreshed credentials) for every link. */
  setConfiguration(config) {
    this.config = config;
    this.#dropSpare();
    for (const link of this.links.values()) {
      try {
        link.pc.setConfiguration(config);
      } catch (error) {
        console.debug('setConfiguration', error);
      }
    }
  }

  async useTrack(kind, track) {
    this.sending.set(kind, track);
    this.#dropSpare();
    await Promise.all([...this.links.values()].map((link) => link.useTrack(kind, track)));
  }

  close() {
    this.closed = true;
    this.#dropSpare();
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }

  /**
   * The security code of the link to this peer. The browser checks the peer's DTLS certificate against the
   * fingerprint in its description, so the two descriptions name the keys that really protect the media.
   */
  async securityCode(peerId) {
    const pc = this.links.get(peerId)?.pc;
    if (!pc) throw new Error(`no link to ${peerId}`);
    return securityCode(pc.localDescription?.sdp, pc.remoteDescription?.sdp);
  }

  /**
   * Per-peer connection facts from getStats: path (direct/relay), RTT, loss, and decoding progress (counted per
   * peer across replaced connections, so it never goes back).
   */
  async stats() {
    const result = {};
    for (const [peerId, link] of this.links) {
      result[peerId] = link.report(await linkStats(link.pc));
    }
    return result;
  }
}

async function linkStats(pc) {
  const report = await pc.getStats();
  const byId = new Map();
  report.forEach((s) => byId.set(s.id, s));
  const facts = { state: pc.connectionState, path: null, rtt: null, lossPercent: null,
    framesDecoded: 0, audioBytesReceived: 0, audioEnergy: 0, localCandidateType: null, remoteCandidateType: null,
    transport: null, relayUrl: null };
  let lost = 0;
  let received = 0;
  // Chromium names the pair in use in its transport stats; Firefox has none and flags the pair itself instead.
  let selectedPairId = null;
  report.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) selectedPairId = s.selectedCandidatePairId;
  });
  if (!selectedPairId) {
    report.forEach((s) => {
      if (s.type === 'candidate-pair' && (s.selected || (s.nominated && s.state === 'succeeded'))) selectedPairId = s.id;
    });
  }
  report.forEach((s) => {
    if (s.type === 'candidate-pair' && s.id === selectedPairId) {
      const local = byId.get(s.localCandidateId);
      const remote = byId.get(s.remoteCandidateId);
      facts.localCandidateType = local?.candidateType ?? null;
      facts.remoteCandidateType = remote?.candidateType ?? null;
      facts.path = facts.localCandidateType === 'relay' || facts.remoteCandidateType === 'relay' ? 'relay' : 'direct';
      // Our leg's transport: to our TURN server when we relay (udp, tcp or tls), else the pair's own protocol.
      facts.transport = (facts.localCandidateType === 'relay' ? local?.relayProtocol : local?.protocol) ?? null;
      facts.relayUrl = facts.localCandidateType === 'relay' ? (local?.url ?? null) : null;
      facts.rtt = s.currentRoundTripTime ?? null;
    }
    if (s.type === 'inbound-rtp') {
      lost += s.packetsLost || 0;
      received += s.packetsReceived || 0;
      if (s.kind === 'video') facts.framesDecoded += s.framesDecoded || 0;
      if (s.kind === 'audio') {
        facts.audioBytesReceived += s.bytesReceived || 0;
        facts.audioEnergy += s.totalAudioEnergy || 0;
      }
    }
  });
  facts.lossPercent = received + lost > 0 ? (100 * lost) / (received + lost) : null;
  return facts;
}
