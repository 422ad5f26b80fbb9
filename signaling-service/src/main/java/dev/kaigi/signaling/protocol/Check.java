package dev.kaigi.signaling.protocol;

/** Field checks shared by the message records; each failure is a {@code bad-message}. */
final class Check {
    private Check() {
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, message);
        }
    }

    static String text(String value, String field, int maxLength) {
        require(value != null, field + " is required");
        require(!value.isBlank(), field + " must not be blank");
        require(value.length() <= maxLength, field + " is longer than " + maxLength + " characters");
        require(value.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'),
                field + " contains control characters");
        return value;
    }

    static void peerId(String value, String field) {
        require(value != null, field + " is required");
        require(PeerIds.isWellFormed(value), field + " is not a peer id");
    }
}
