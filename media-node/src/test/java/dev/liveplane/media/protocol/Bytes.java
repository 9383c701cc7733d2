package dev.liveplane.media.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Turns the hex strings of golden tables and the checked-in captures into bytes. */
public final class Bytes {

    private Bytes() {
    }

    /** Parses hex with any whitespace, e.g. {@code "02 0007 636f6e6e656374"}. */
    public static byte[] hex(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replaceAll("\\s+", ""));
    }

    public static String hex(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    /** A capture file from {@code src/test/resources/dev/liveplane/media/protocol/rtmp/captures}. */
    public static byte[] capture(String name) {
        try (InputStream in = Bytes.class.getResourceAsStream("rtmp/captures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] range(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }
}
