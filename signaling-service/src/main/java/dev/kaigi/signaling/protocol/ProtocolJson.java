package dev.kaigi.signaling.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;

/** The one jackson-core factory the codec reads and writes with, nested no deeper than a frame may be. */
final class ProtocolJson {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(FrameScanner.MAX_DEPTH).build())
            .build();

    private ProtocolJson() {
    }
}
