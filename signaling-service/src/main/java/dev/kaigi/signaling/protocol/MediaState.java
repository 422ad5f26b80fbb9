package dev.kaigi.signaling.protocol;

/** What a peer currently sends, and whether its hand is raised; late joiners read it from {@code welcome.peers}. */
public record MediaState(boolean audio, boolean video, boolean screen, boolean hand) {
    public static final MediaState NOTHING = new MediaState(false, false, false, false);
}
