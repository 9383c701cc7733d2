package dev.liveplane.media.protocol.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds and checks 1536-byte handshake packets: random filling (RTMP spec 5.2.3) and the HMAC-SHA256 digests of the
 * undocumented Flash handshake, with the keys and offsets librtmp, FFmpeg (libavformat/rtmpproto.c), nginx-rtmp and
 * SRS all use.
 *
 * <p>A 1536-byte C1 or S1 is time (4), version (4), then two 764-byte blocks. The digest block holds a 4-byte
 * offset base, and the 32-byte digest sits at (sum of those 4 bytes) % 728 past it. Schema 0 puts the digest block
 * second (offset base at byte 772), schema 1 first (base at byte 8); FFmpeg and librtmp clients use schema 1.
 */
final class HandshakePackets {

    static final int RTMP_VERSION = 3;
    static final int PACKET_LENGTH = 1536;
    static final int DIGEST_LENGTH = 32;

    private static final byte[] KEY_TAIL = {
        (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, (byte) 0x4A, (byte) 0x80, (byte) 0x68, (byte) 0xBE, (byte) 0xE8,
        (byte) 0x2E, (byte) 0x00, (byte) 0xD0, (byte) 0xD1, (byte) 0x02, (byte) 0x9E, (byte) 0x7E, (byte) 0x57,
        (byte) 0x6E, (byte) 0xEC, (byte) 0x5D, (byte) 0x2D, (byte) 0x29, (byte) 0x80, (byte) 0x6F, (byte) 0xAB,
        (byte) 0x93, (byte) 0xB8, (byte) 0xE6, (byte) 0x36, (byte) 0xCF, (byte) 0xEB, (byte) 0x31, (byte) 0xAE,
    };
    /** Signs C1 with its first 30 bytes. */
    static final byte[] FP_KEY = concat("Genuine Adobe Flash Player 001", KEY_TAIL);
    static final int FP_KEY_PUBLIC_LENGTH = 30;
    /** Signs S1 with its first 36 bytes; all 68 bytes derive the S2 key. */
    static final byte[] FMS_KEY = concat("Genuine Adobe Flash Media Server 001", KEY_TAIL);
    static final int FMS_KEY_PUBLIC_LENGTH = 36;

    private static final int[] OFFSET_BASE = {772, 8};

    private HandshakePackets() {
    }

    /** A random packet with a zero time field, as nginx-rtmp sends (RTMP spec 5.2.3 lets the epoch be anything). */
    static byte[] randomPacket() {
        byte[] packet = new byte[PACKET_LENGTH];
        ThreadLocalRandom.current().nextBytes(packet);
        Arrays.fill(packet, 0, 4, (byte) 0);
        return packet;
    }

    /** Where the digest of a packet laid out in the given schema (0 or 1) starts. */
    static int digestOffset(byte[] packet, int schema) {
        int base = OFFSET_BASE[schema];
        int sum = (packet[base] & 0xFF) + (packet[base + 1] & 0xFF) + (packet[base + 2] & 0xFF)
                + (packet[base + 3] & 0xFF);
        return base + 4 + sum % 728;
    }

    /** HMAC of the packet without its 32 digest bytes at {@code offset}. */
    static byte[] packetDigest(byte[] packet, int offset, byte[] key, int keyLength) {
        Mac mac = hmac(key, keyLength);
        mac.update(packet, 0, offset);
        mac.update(packet, offset + DIGEST_LENGTH, PACKET_LENGTH - offset - DIGEST_LENGTH);
        return mac.doFinal();
    }

    /** Returns the schema (0 or 1) whose digest checks out under the key, or -1 if neither does. */
    static int findSchema(byte[] packet, byte[] key, int keyLength) {
        for (int schema = 0; schema < OFFSET_BASE.length; schema++) {
            int offset = digestOffset(packet, schema);
            byte[] expected = packetDigest(packet, offset, key, keyLength);
            if (Arrays.equals(expected, 0, DIGEST_LENGTH, packet, offset, offset + DIGEST_LENGTH)) {
                return schema;
            }
        }
        return -1;
    }

    /** Writes the packet's own digest into it, in the given schema. */
    static void sign(byte[] packet, int schema, byte[] key, int keyLength) {
        int offset = digestOffset(packet, schema);
        System.arraycopy(packetDigest(packet, offset, key, keyLength), 0, packet, offset, DIGEST_LENGTH);
    }

    /**
     * Writes the S2 (or C2) signature into the last 32 bytes of the packet: HMAC keyed by HMAC(full key, the peer's
     * first-packet digest), over the first 1504 bytes.
     */
    static void signResponse(byte[] packet, byte[] peerDigest, byte[] fullKey) {
        Mac keyMac = hmac(fullKey, fullKey.length);
        byte[] key = keyMac.doFinal(peerDigest);
        Mac mac = hmac(key, key.length);
        mac.update(packet, 0, PACKET_LENGTH - DIGEST_LENGTH);
        System.arraycopy(mac.doFinal(), 0, packet, PACKET_LENGTH - DIGEST_LENGTH, DIGEST_LENGTH);
    }

    private static Mac hmac(byte[] key, int keyLength) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, 0, keyLength, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256 (Mac javadoc), so this cannot happen.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] concat(String head, byte[] tail) {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] key = Arrays.copyOf(h, h.length + tail.length);
        System.arraycopy(tail, 0, key, h.length, tail.length);
        return key;
    }
}
