package dev.kaigi.signaling.room;

/** What a verified resume token says about the returning peer, and the last content seq it saw. */
public record ResumeClaim(String peerId, String name, long lastSeq) {
}
