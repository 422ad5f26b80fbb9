package dev.kaigi.signaling.protocol;

/** A value written to the wire as one string, such as an error code. */
interface WireName {
    String wireName();
}
