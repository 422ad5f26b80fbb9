package dev.kaigi.signaling.protocol;

/** The message-level limits a client message is validated against. */
public record Limits(int maxNameLength, int maxChatLength, int maxSignalBytes) {
}
