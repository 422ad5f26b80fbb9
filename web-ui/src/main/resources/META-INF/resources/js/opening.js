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
    /** Every candidate found; those the description taken does not carry go to the peer as signals. */
    this.found = [];
    /** The SDP that went with the join (take()). */
    this.sdp = null;
    this.pc.onicecandidate = ({ candidate }) => { if (candidate) this.found.push(candidate); };
    for (const track of stream.getTracks()) this.pc.addTrack(track, stream);
    this.pc.setLocalDescription().catch((error) => console.warn('opening offer failed', error));
  }

  /** Whether this offer was made for these settings; otherwise it is thrown away and another made. */
  fits(config, stream) {
    return stream === this.stream && JSON.stringify(config) === JSON.stringify(this.config);
  }

  /**
   * The signal data for the join: the offer with the candidates gathered so far that the browser has added to the
   * local description, or null while the description is not set yet. The join does not wait for it: without an
   * offer it goes the usual way (the newcomer offers once it is welcome).
   */
  take() {
    if (this.pc.signalingState !== 'have-local-offer') return null;
    this.sdp = this.pc.localDescription.sdp;
    return { description: this.pc.localDescription.toJSON(), generation: 0 };
  }

  /**
   * Hands the connection over to the link that adopts it, with the candidates the offer taken does not carry: those
   * found since, and any a browser did not add to its description.
   */
  handOver() {
    this.pc.onicecandidate = null;
    return { pc: this.pc, candidates: this.found.filter((found) => !this.sdp.includes(found.candidate)) };
  }

  close() {
    this.pc.onicecandidate = null;
    this.pc.close();
  }
}
