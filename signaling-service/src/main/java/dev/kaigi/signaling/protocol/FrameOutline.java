package dev.kaigi.signaling.protocol;

/**
 * What one pass over a frame ({@link FrameScanner}) finds before the frame is bound to a message: the whole frame
 * is well-formed JSON (every string checked, so an invalid escape is caught here and never relayed) and one object;
 * its top-level {@code type}, and where its top-level {@code data} value lies, so that value can be relayed as the
 * client's own bytes. A signal, nearly every frame a server sees, is complete after this pass: its {@code to} and
 * {@code ack} are noted too, and any other field named.
 */
record FrameOutline(String type, RawJson data, String to, long ack, String otherField) {
    /** No top-level {@code ack} field. */
    static final long NO_ACK = -1;
    /** A top-level {@code ack} that is not one integer of 0 or more (or is there twice). */
    static final long BAD_ACK = -2;

    /** The outline of an object whose fields have all been read; refuses one that cannot be a message. */
    static FrameOutline of(String type, RawJson data, boolean duplicateData, String to, long ack, String otherField) {
        if (duplicateData) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "duplicate field 'data'");
        }
        if (type == null) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "a message needs a string field 'type'");
        }
        return new FrameOutline(type, data, to, ack, otherField);
    }
}
