// The newcomer's first offer, made on the pre-join screen: it goes to the server with the join, which hands it to one
// peer already in the room (welcome.offeredTo), so that link skips a round of signaling through two busy pages.

export class OpeningOffer {
  /**
   * Starts the offer at once: a connection with the call's configuration and local tracks, its description set, ICE
   * gathering under way.
   * @param {RTCConfiguration} config exactly what the call's links use (the same ICE servers and policy)
   * @param {MediaStream} stream the local media the call will send
   */
  constructor(config, stream) {
    this.config = config;
    this.stream = stream;
    this.pc = new RTCPeerConnection(config);
    /** Candidates found after take(): the description taken carries those found before. */
    this.later = [];
    this.taken = false;
    this.pc.onicecandidate = ({ candidate }) => { if (candidate && this.taken) this.later.push(candidate); };
    for (const track of stream.getTracks()) this.pc.addTrack(track, stream);
    this.pc.setLocalDescription().catch((error) => console.warn('opening offer failed', error));
  }

  /** Whether this offer was made for these settings; otherwise it is thrown away and another made. */
  fits(config, stream) {
    return stream === this.stream && JSON.stringify(config) === JSON.stringify(this.config);
  }

  /**
   * The signal data for the join: the offer with every candidate gathered so far (the browser adds them to the
   * local description as it finds them), or null while the description is not set yet. The join does not wait for
   * it: without an offer it goes the usual way (the newcomer offers once it is welcome).
   */
  take() {
    if (this.pc.signalingState !== 'have-local-offer') return null;
    this.taken = true;
    return { description: this.pc.localDescription.toJSON(), generation: 0 };
  }

  /** Hands the connection over to the link that adopts it, with the candidates it still has to send. */
  handOver() {
    this.pc.onicecandidate = null;
    return { pc: this.pc, candidates: this.later };
  }

  close() {
    this.pc.onicecandidate = null;
    this.pc.close();
  }
}
