package dev.liveplane.media.protocol.mp4;

import dev.liveplane.media.protocol.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Turns the FLV fixtures' codec configurations (ffmpeg 5.1 and libx264 output) into tracks for the tests. */
final class TestTracks {

    /** The AVC sequence header of {@code flv/x264-aac-320x240.flv}: High profile, with the chroma extension. */
    static final byte[] AVC_320X240 = fixture("AvcDecoderConfigurationRecordFuzzTestInputs/parse/high-320x240");
    /** ffmpeg's AAC LC 44.1 kHz mono config with the backward-compatible SBR sync extension after it. */
    static final byte[] AAC_44100_MONO = fixture("AudioSpecificConfigFuzzTestInputs/parse/"
            + "lc-44100-mono-sbr-sync-extension");
    static final byte[] AAC_48000_STEREO = Bytes.hex("1190");

    private TestTracks() {
    }

    static Mp4Track avc() {
        return avc(AVC_320X240);
    }

    static Mp4Track avc(byte[] record) {
        ByteBuf buf = Unpooled.wrappedBuffer(record);
        try {
            return Mp4Track.avc(buf);
        } finally {
            buf.release();
        }
    }

    static Mp4Track aac(byte[] audioSpecificConfig) {
        ByteBuf buf = Unpooled.wrappedBuffer(audioSpecificConfig);
        try {
            return Mp4Track.aac(buf);
        } finally {
            buf.release();
        }
    }

    private static byte[] fixture(String name) {
        try (InputStream in = TestTracks.class.getResourceAsStream("/dev/liveplane/media/protocol/flv/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
