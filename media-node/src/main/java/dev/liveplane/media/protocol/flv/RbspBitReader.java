package dev.liveplane.media.protocol.flv;

/**
 * Reads bits and Exp-Golomb codes (ITU-T H.264, 9.1) from a NAL unit, dropping emulation_prevention_three_byte
 * (7.4.1) as it goes so callers see the raw byte sequence payload.
 */
final class RbspBitReader {

    private final byte[] data;
    private int byteIndex;
    private int bitIndex; // 0..7 within data[byteIndex], MSB first
    private int zeros; // consecutive 0x00 bytes before byteIndex

    RbspBitReader(byte[] data, int offset) {
        this.data = data;
        this.byteIndex = offset;
    }

    int readBit() {
        if (byteIndex >= data.length) {
            throw new FlvFormatException("SPS ends in the middle of a field");
        }
        if (bitIndex == 0 && zeros >= 2 && data[byteIndex] == 3) {
            // 0x000003: the 03 only keeps start codes out of the payload.
            zeros = 0;
            byteIndex++;
            if (byteIndex >= data.length) {
                throw new FlvFormatException("SPS ends in the middle of a field");
            }
        }
        int b = data[byteIndex] & 0xFF;
        int bit = (b >> (7 - bitIndex)) & 1;
        if (++bitIndex == 8) {
            bitIndex = 0;
            zeros = b == 0 ? zeros + 1 : 0;
            byteIndex++;
        }
        return bit;
    }

    boolean readFlag() {
        return readBit() == 1;
    }

    int readBits(int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            value = (value << 1) | readBit();
        }
        return value;
    }

    /** ue(v), 9.1; values beyond 32 bits are refused since no SPS field needs them. */
    long readUe() {
        int leadingZeros = 0;
        while (readBit() == 0) {
            if (++leadingZeros > 31) {
                throw new FlvFormatException("Exp-Golomb code longer than 32 bits in SPS");
            }
        }
        return (1L << leadingZeros) - 1 + (readBits(leadingZeros) & 0xFFFFFFFFL);
    }

    /** se(v), 9.1.1. */
    long readSe() {
        long k = readUe();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}
