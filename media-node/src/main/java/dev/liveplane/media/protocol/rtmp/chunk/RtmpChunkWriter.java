package dev.liveplane.media.protocol.rtmp.chunk;

import io.netty.buffer.ByteBuf;

/**
 * Writes one whole RTMP message as chunks (RTMP spec 5.3): a type-0 header, then type-3 headers between chunks, with
 * the extended timestamp repeated on every type-3 chunk when the timestamp needs it, as FFmpeg, OBS and Flash expect.
 *
 * <p>It allocates nothing and leaves the payload's reader index alone, so a media message can be encoded once and
 * its bytes shared by every viewer that uses the same chunk size.
 */
public final class RtmpChunkWriter {

    static final int MIN_CHUNK_STREAM_ID = 2;
    static final int MAX_CHUNK_STREAM_ID = 65599;
    static final long EXTENDED_TIMESTAMP = 0xFFFFFF;
    static final int MAX_MESSAGE_LENGTH = 0xFFFFFF;

    private static final int TYPE_0_MESSAGE_HEADER = 11;
    private static final int EXTENDED_TIMESTAMP_LENGTH = 4;

    private RtmpChunkWriter() {
    }

    /**
     * Writes the payload's readable bytes as one message. The timestamp is taken modulo 2^32, as it wraps on the
     * wire.
     *
     * @throws IllegalArgumentException if csid is outside 2..65599, typeId outside 0..255, chunkSize below 1 or the
     *     payload longer than 0xFFFFFF bytes
     */
    public static void write(ByteBuf out, int csid, int typeId, long timestamp, int msid, ByteBuf payload,
            int chunkSize) {
        if (typeId < 0 || typeId > 0xFF) {
            throw new IllegalArgumentException("message type id must be 0..255, got " + typeId);
        }
        int length = payload.readableBytes();
        long ts = timestamp & 0xFFFF_FFFFL;
        out.ensureWritable(encodedLength(csid, ts, length, chunkSize));
        boolean extended = ts >= EXTENDED_TIMESTAMP;

        writeBasicHeader(out, 0, csid);
        out.writeMedium(extended ? (int) EXTENDED_TIMESTAMP : (int) ts);
        out.writeMedium(length);
        out.writeByte(typeId);
        // The message stream id is the one little-endian field in RTMP (spec 5.3.1.2.1).
        out.writeIntLE(msid);
        if (extended) {
            out.writeInt((int) ts);
        }
        int index = payload.readerIndex();
        int end = index + length;
        int n = Math.min(chunkSize, length);
        out.writeBytes(payload, index, n);
        index += n;
        while (index < end) {
            writeBasicHeader(out, 3, csid);
            if (extended) {
                out.writeInt((int) ts);
            }
            n = Math.min(chunkSize, end - index);
            out.writeBytes(payload, index, n);
            index += n;
        }
    }

    /** Returns exactly how many bytes {@link #write} produces for these arguments. */
    public static int encodedLength(int csid, long timestamp, int payloadLength, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        if (payloadLength < 0 || payloadLength > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("message length must be 0..16777215, got " + payloadLength);
        }
        int chunks = Math.max(1, payloadLength / chunkSize + (payloadLength % chunkSize == 0 ? 0 : 1));
        int perChunk = basicHeaderLength(csid)
                + ((timestamp & 0xFFFF_FFFFL) >= EXTENDED_TIMESTAMP ? EXTENDED_TIMESTAMP_LENGTH : 0);
        return TYPE_0_MESSAGE_HEADER + payloadLength + chunks * perChunk;
    }

    static int basicHeaderLength(int csid) {
        if (csid < MIN_CHUNK_STREAM_ID || csid > MAX_CHUNK_STREAM_ID) {
            throw new IllegalArgumentException("chunk stream id must be 2..65599, got " + csid);
        }
        return csid < 64 ? 1 : csid < 320 ? 2 : 3;
    }

    /** Writes the 1, 2 or 3 byte basic header (RTMP spec 5.3.1.1). */
    private static void writeBasicHeader(ByteBuf out, int fmt, int csid) {
        if (csid < 64) {
            out.writeByte(fmt << 6 | csid);
        } else if (csid < 320) {
            out.writeByte(fmt << 6).writeByte(csid - 64);
        } else {
            out.writeByte(fmt << 6 | 1).writeShortLE(csid - 64);
        }
    }
}
