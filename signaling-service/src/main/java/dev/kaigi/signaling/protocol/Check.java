package dev.kaigi.signaling.protocol;

/**
 * Field checks shared by the message records; each failure is a {@code bad-message}. A message that names a field
 * or a limit is built only when the check fails: these run on every frame, and building it eagerly cost every signal
 * three string concatenations.
 */
final class Check {
    private Check() {
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw invalid(message);
        }
    }

    private static ProtocolException invalid(String message) {
        return new ProtocolException(ErrorCode.BAD_MESSAGE, message);
    }

    static String text(String value, String field, int maxLength) {
        if (value == null) {
            throw invalid(field + " is required");
        }
        if (value.isBlank()) {
            throw invalid(field + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw invalid(field + " is longer than " + maxLength + " characters");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw invalid(field + " contains control characters");
        }
        return value;
    }

    static void peerId(String value, String field) {
        if (value == null) {
            throw invalid(field + " is required");
        }
        if (!PeerIds.isWellFormed(value)) {
            throw invalid(field + " is not a peer id");
        }
    }

    /** A JSON value of at most {@code maxBytes} in UTF-8. */
    static void size(RawJson value, String field, int maxBytes) {
        if (value.length() > maxBytes) {
            throw invalid(field + " is larger than " + maxBytes + " bytes");
        }
    }
}
