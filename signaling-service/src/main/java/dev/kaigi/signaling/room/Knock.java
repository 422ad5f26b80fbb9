package dev.kaigi.signaling.room;

import java.util.function.Consumer;

/**
 * A newcomer at the door of a locked room: its knock id (peer-id shaped, unguessable), and what to do once the
 * knock is answered — {@code true} when admitted (the session then joins with this knock as its admission),
 * {@code false} when declined. Called at most once, never inside the registry's critical section.
 */
public record Knock(String id, Consumer<Boolean> onAnswer) {
}
