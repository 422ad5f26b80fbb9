package dev.kaigi.signaling.protocol;

/** What a peer currently sends; late joiners read it from {@code welcome.peers}. */
public record MediaState(boolean audio, boolean video, boolean screen) {
    public static final MediaState NOTHING = new MediaState(false, false, false);
}
