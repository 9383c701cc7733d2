package dev.liveplane.media.protocol.rtmp.message;

/** Checks that a long holds a 32-bit unsigned wire value. */
final class UnsignedInts {

    static final long MAX = 0xFFFF_FFFFL;

    private UnsignedInts() {
    }

    static void check(long value, String what) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(what + " must be 0..4294967295, got " + value);
        }
    }
}
