package dev.kaigi.signaling.config;

import dev.kaigi.signaling.SignalingConfig;
import dev.kaigi.signaling.protocol.Limits;
import dev.kaigi.signaling.protocol.MessageCodec;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One codec for the whole process: sessions decode with it, registries encode with it. */
public class CodecProducer {
    @Produces
    @Singleton
    MessageCodec codec(SignalingConfig config) {
        return new MessageCodec(new Limits(config.maxNameLength(), config.maxChatLength(), config.maxSignalBytes()),
                config.maxFrameBytes());
    }
}
