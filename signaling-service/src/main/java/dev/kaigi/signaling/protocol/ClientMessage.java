package dev.kaigi.signaling.protocol;

/**
 * Every message a client may send. Each record checks its own fields in {@link #validate(Limits)}, so the
 * dispatcher never re-checks them. Each type's wire name is in {@link MessageTypes}.
 */
public sealed interface ClientMessage {

    /** Throws {@link ProtocolException} with {@code bad-message} when a field is missing or out of range. */
    default void validate(Limits limits) {
    }

    /**
     * offer: optional, the {@code data} of a first signal (the newcomer's offer, made while it was still on the
     * pre-join screen) that the server relays to one peer already in the room, named in {@code welcome.offeredTo}.
     * It saves that peer's link the round of signaling that would otherwise start only once the newcomer is known.
     */
    record Join(String name, RawJson offer) implements ClientMessage {
        @Override
        public void validate(Limits limits) {
            Check.text(name, "name", limits.maxNameLength());
            if (offer != null) {
                Check.size(offer, "offer", limits.maxSignalBytes());
            }
        }

        public String displayName() {
            return name.strip();
        }
    }

    /** lastSeq: the highest {@code seq} of signal/chat this client received (0 if none). */
    record Resume(String peerId, String resumeToken, Long lastSeq) implements ClientMessage {
        @Override
        public void validate(Limits limits) {
            Check.peerId(peerId, "peerId");
            Check.require(lastSeq != null && lastSeq >= 0, "lastSeq is required and must be >= 0");
            Check.require(resumeToken != null && !resumeToken.isBlank(), "resumeToken is required");
            Check.require(resumeToken.length() <= 4096, "resumeToken is too long");
        }
    }

    /**
     * {@code data} is opaque to the server (SDP, ICE candidate, …) but must be a JSON object of bounded size.
     * {@code ack}, when the client sends one (otherwise -1), acknowledges what it received, as an {@link Ack} would:
     * a client that signals about as much as it receives then needs few acks of their own (docs/protocol.md).
     */
    record Signal(String to, RawJson data, long ack) implements ClientMessage {
        @Override
        public void validate(Limits limits) {
            Check.peerId(to, "to");
            Check.require(data != null && data.isObject(), "data must be a JSON object");
            Check.size(data, "data", limits.maxSignalBytes());
        }
    }

    record Chat(String text) implements ClientMessage {
        @Override
        public void validate(Limits limits) {
            Check.text(text, "text", limits.maxChatLength());
        }
    }

    /** hand: optional (absent = not raised), so clients that predate it keep working. */
    record State(Boolean audio, Boolean video, Boolean screen, Boolean hand) implements ClientMessage {
        @Override
        public void validate(Limits limits) {
            Check.require(audio != null && video != null && screen != null,
                    "audio, video and screen are all required booleans");
        }

        public MediaState toMediaState() {
            return new MediaState(audio, video, screen, Boolean.TRUE.equals(hand));
        }
    }

    /** seq: the highest {@code seq} of signal/chat received; the server forgets what it kept up to there. */
    record Ack(Long seq) implements ClientMessage {
        @Override
        public void validate(Limits limits) {
            Check.require(seq != null && seq >= 0, "seq is required and must be >= 0");
        }
    }

    /** Any participant may lock the room (newcomers then knock in the lobby) or unlock it. */
    record Lock(Boolean locked) implements ClientMessage {
        @Override
        public void validate(Limits limits) {
            Check.require(locked != null, "locked is a required boolean");
        }
    }

    /** Lets a knocking newcomer in; the first participant to answer a knock decides. */
    record Admit(String knockId) implements ClientMessage {
        @Override
        public void validate(Limits limits) {
            Check.peerId(knockId, "knockId");
        }
    }

    record Decline(String knockId) implements ClientMessage {
        @Override
        public void validate(Limits limits) {
            Check.peerId(knockId, "knockId");
        }
    }

    record Leave() implements ClientMessage {
    }

    record Ping() implements ClientMessage {
    }

    record RefreshToken() implements ClientMessage {
    }
}
