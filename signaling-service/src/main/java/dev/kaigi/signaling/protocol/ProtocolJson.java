package dev.kaigi.signaling.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * The one jackson-core factory the codec reads and writes with, nested no deeper than a frame may be. Written as
 * bytes, a character beyond the BMP (an emoji in a name) is its four UTF-8 bytes, as when written as text, not two
 * escaped surrogates.
 */
final class ProtocolJson {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(FrameScanner.MAX_DEPTH).build())
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private ProtocolJson() {
    }
}
