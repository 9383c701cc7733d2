package dev.liveplane.media.protocol.rtmp.chunk;

import dev.liveplane.media.protocol.ProtocolException;
import dev.liveplane.media.protocol.rtmp.message.Abort;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import dev.liveplane.media.protocol.rtmp.message.SetChunkSize;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.util.List;

/**
 * Decodes an RTMP chunk stream (RTMP spec 5.3) into whole {@link RtmpMessage}s, applying the peer's SetChunkSize and
 * Abort messages itself as they arrive (they are still passed on).
 *
 * <p>Limits, each broken with {@link RtmpChunkException}: peer chunk size at most {@link #MAX_CHUNK_SIZE} (the
 * spec allows 2^31-1, but no message is longer than 2^24-1); at most {@link #MAX_PARTIAL_MESSAGES} chunk streams with
 * a message half assembled and {@link #MAX_CHUNK_STREAMS} chunk streams in all. The {@link MessageBudget} sets the
 * longest message of each type and the bytes partial messages may hold; breaking it, or an allocation that fails,
 * throws {@link MessageBudgetException}. Payload buffers grow with the bytes that actually arrive (up to their declared
 * length) and each growth is taken from the budget first, so a header claiming a large message costs nothing until
 * its bytes come, and what the budget counts is what the buffers hold.
 *
 * <p>After it has thrown once, the decoder drops everything else the connection sends.
 */
public final class RtmpChunkDecoder extends ByteToMessageDecoder {

    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 8 * 1024 * 1024;
    public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;
    public static final int MAX_PARTIAL_MESSAGES = 64;
    public static final int MAX_CHUNK_STREAMS = 256;

    private static final int DEFAULT_CHUNK_SIZE = 128;
    private static final int MAX_INITIAL_PAYLOAD_CAPACITY = 64 * 1024;
    private static final int[] MESSAGE_HEADER_LENGTH = {11, 7, 3, 0};

    /** What the decoder remembers of one chunk stream between chunks (RTMP spec 5.3.1.2). */
    private static final class ChunkStream {
        final int csid;
        long timestamp;
        long timestampDelta;
        int length;
        int typeId;
        int messageStreamId;
        boolean extendedTimestamp;
        long extendedTimestampValue;
        ByteBuf payload;
        /** Bytes of {@link #payload}'s capacity taken from the budget. */
        int reserved;

        ChunkStream(int csid) {
            this.csid = csid;
        }
    }

    private final MessageBudget budget;
    private final IntObjectMap<ChunkStream> streams = new IntObjectHashMap<>();
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private int partialMessages;
    private long bytesRead;
    /** The chunk stream whose chunk payload is being read, or null between chunks. */
    private ChunkStream current;
    private int chunkRemaining;
    private boolean failed;

    public RtmpChunkDecoder() {
        this(DEFAULT_MAX_MESSAGE_LENGTH);
    }

    /** @param maxMessageLength longest message accepted, 1..0xFFFFFF (the message length field is 24 bits) */
    public RtmpChunkDecoder(int maxMessageLength) {
        this(MessageBudget.unlimited(maxMessageLength));
    }

    /** A decoder whose message lengths and partial-message bytes {@code budget} decides. */
    public RtmpChunkDecoder(MessageBudget budget) {
        this.budget = budget;
    }

    /** Bytes received so far, for the Acknowledgement sequence number (RTMP spec 5.4.3). */
    public long bytesRead() {
        return bytesRead;
    }

    /** The peer's current chunk size. */
    public int chunkSize() {
        return chunkSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf) {
            bytesRead += buf.readableBytes();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releasePartialMessages();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releasePartialMessages();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.isReadable()) {
                if (current == null && !readChunkHeader(ctx, in, out)) {
                    return;
                }
                if (current != null && readChunkPayload(in, out)) {
                    return;
                }
                if (!out.isEmpty()) {
                    return;
                }
            }
        } catch (ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Reads one chunk header if all of it is there; returns false to wait for more bytes. */
    private boolean readChunkHeader(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        int first = in.getUnsignedByte(start);
        int fmt = first >>> 6;
        int csid = first & 0x3F;
        int basicLength = 1;
        // Basic header (RTMP spec 5.3.1.1): ids 0 and 1 announce 2 and 3 byte forms.
        if (csid == 0) {
            if (available < 2) {
                return false;
            }
            csid = 64 + in.getUnsignedByte(start + 1);
            basicLength = 2;
        } else if (csid == 1) {
            if (available < 3) {
                return false;
            }
            csid = 64 + in.getUnsignedShortLE(start + 1);
            basicLength = 3;
        }
        int headerLength = basicLength + MESSAGE_HEADER_LENGTH[fmt];
        if (available < headerLength) {
            return false;
        }
        ChunkStream cs = streams.get(csid);
        // librtmp opens chunk stream 2 with a type-1 header for its first user control message (SRS issue 98), so
        // only types 2 and 3 need an earlier header.
        if (cs == null && fmt >= 2) {
            throw new RtmpChunkException("type-" + fmt + " chunk on chunk stream " + csid
                    + " before any header that sets its message length and type (RTMP spec 5.3.1.2)");
        }
        boolean newMessage = cs == null || cs.payload == null;
        if (!newMessage && fmt != 3) {
            throw new RtmpChunkException("type-" + fmt + " chunk on chunk stream " + csid + " while a "
                    + cs.length + "-byte message is " + cs.payload.writerIndex()
                    + " bytes in; only type-3 chunks continue a message (RTMP spec 5.3.1.2.4)");
        }
        int p = start + basicLength;
        long timestampField = 0;
        if (fmt <= 2) {
            timestampField = in.getUnsignedMedium(p);
            p += 3;
        }
        int length = fmt <= 1 ? in.getUnsignedMedium(p) : cs.length;
        int typeId = fmt <= 1 ? in.getUnsignedByte(p + 3) : cs.typeId;
        int messageStreamId = fmt == 0 ? in.getIntLE(p + 4) : cs == null ? 0 : cs.messageStreamId;

        int extendedLength = 0;
        long extendedValue = 0;
        if (fmt <= 2 ? timestampField == RtmpChunkWriter.EXTENDED_TIMESTAMP : cs.extendedTimestamp) {
            if (available < headerLength + 4) {
                return false;
            }
            extendedValue = in.getUnsignedInt(start + headerLength);
            // A type-3 chunk repeats the extended timestamp when its chunk stream's last header had one (RTMP spec
            // 5.3.1.3, and FFmpeg, OBS and Flash write it). Writers that read the older spec text leave it out of
            // continuation chunks, so there, as SRS does, only a repeat of the same value counts as the field.
            boolean omitted = fmt == 3 && !newMessage && extendedValue != cs.extendedTimestampValue;
            extendedLength = omitted ? 0 : 4;
        }

        if (newMessage) {
            int limit = budget.maxMessageLength(typeId);
            if (length > limit) {
                throw new MessageBudgetException("message of " + length + " bytes (type " + typeId
                        + ") on chunk stream " + csid + " exceeds the " + limit + "-byte limit for that type now");
            }
        }
        if (cs == null) {
            if (streams.size() >= MAX_CHUNK_STREAMS) {
                throw new RtmpChunkException("more than " + MAX_CHUNK_STREAMS + " chunk streams in use");
            }
            cs = new ChunkStream(csid);
            streams.put(csid, cs);
        }
        in.skipBytes(headerLength + extendedLength);

        if (fmt <= 2) {
            long value = extendedLength == 4 ? extendedValue : timestampField;
            cs.extendedTimestamp = extendedLength == 4;
            cs.extendedTimestampValue = extendedValue;
            // A type-0 timestamp is absolute, and a type-3 chunk after it reuses it as the delta (spec 5.3.1.2.4).
            cs.timestamp = fmt == 0 ? value : (cs.timestamp + value) & 0xFFFF_FFFFL;
            cs.timestampDelta = value;
            cs.length = length;
            cs.typeId = typeId;
            cs.messageStreamId = messageStreamId;
        } else if (newMessage) {
            // A type-3 chunk that starts a message adds the previous delta; FFmpeg sends the delta itself in the
            // extended field when it does not fit in 24 bits.
            if (extendedLength == 4) {
                cs.timestampDelta = extendedValue;
                cs.extendedTimestampValue = extendedValue;
            }
            cs.timestamp = (cs.timestamp + cs.timestampDelta) & 0xFFFF_FFFFL;
        }

        if (newMessage) {
            if (cs.length == 0) {
                emit(new RtmpMessage(csid, cs.typeId, cs.timestamp, cs.messageStreamId, Unpooled.EMPTY_BUFFER), out);
                return true;
            }
            if (partialMessages >= MAX_PARTIAL_MESSAGES) {
                throw new RtmpChunkException("more than " + MAX_PARTIAL_MESSAGES
                        + " chunk streams with a message half assembled");
            }
            cs.payload = allocate(ctx, cs);
            partialMessages++;
        }
        current = cs;
        chunkRemaining = Math.min(chunkSize, cs.length - cs.payload.writerIndex());
        return true;
    }

    /** Copies what is there of the current chunk's payload; returns true when that completed a message. */
    private boolean readChunkPayload(ByteBuf in, List<Object> out) {
        ChunkStream cs = current;
        int n = Math.min(chunkRemaining, in.readableBytes());
        grow(cs, cs.payload.writerIndex() + n);
        cs.payload.writeBytes(in, n);
        chunkRemaining -= n;
        if (chunkRemaining > 0) {
            return false;
        }
        current = null;
        if (cs.payload.writerIndex() < cs.length) {
            return false;
        }
        RtmpMessage message = new RtmpMessage(cs.csid, cs.typeId, cs.timestamp, cs.messageStreamId, cs.payload);
        cs.payload = null;
        giveBack(cs);
        partialMessages--;
        emit(message, out);
        return true;
    }

    /** A payload buffer for a new message, its first capacity taken from the budget. */
    private ByteBuf allocate(ChannelHandlerContext ctx, ChunkStream cs) {
        int capacity = Math.min(cs.length, MAX_INITIAL_PAYLOAD_CAPACITY);
        reserve(cs, capacity);
        try {
            return ctx.alloc().buffer(capacity, cs.length);
        } catch (OutOfMemoryError e) {
            giveBack(cs);
            throw allocationFailed(cs, capacity, e);
        }
    }

    /** Grows the current payload to hold {@code needed} bytes, doubling (up to its length) as Netty would. */
    private void grow(ChunkStream cs, int needed) {
        int capacity = cs.payload.capacity();
        if (needed <= capacity) {
            return;
        }
        int grown = Math.min(cs.length, Math.max(needed, capacity * 2));
        reserve(cs, grown - capacity);
        try {
            cs.payload.capacity(grown);
        } catch (OutOfMemoryError e) {
            // The direct memory the allocator could not find is this connection's failure, not the next reader's.
            throw allocationFailed(cs, grown, e);
        }
    }

    private void reserve(ChunkStream cs, int bytes) {
        if (!budget.tryReserve(bytes)) {
            throw new MessageBudgetException("a " + cs.length + "-byte message (type " + cs.typeId
                    + ") on chunk stream " + cs.csid + " needs " + bytes + " more bytes, past "
                    + budget.describe());
        }
        cs.reserved += bytes;
    }

    private void giveBack(ChunkStream cs) {
        if (cs.reserved > 0) {
            budget.release(cs.reserved);
            cs.reserved = 0;
        }
    }

    private static MessageBudgetException allocationFailed(ChunkStream cs, int capacity, OutOfMemoryError e) {
        return new MessageBudgetException("could not allocate " + capacity + " bytes for a " + cs.length
                + "-byte message on chunk stream " + cs.csid, e);
    }

    private void emit(RtmpMessage message, List<Object> out) {
        try {
            applyProtocolControl(message);
        } catch (RuntimeException e) {
            message.release();
            throw e;
        }
        out.add(message);
    }

    private void applyProtocolControl(RtmpMessage message) {
        if (message.typeId() == MessageType.SET_CHUNK_SIZE) {
            int size = SetChunkSize.decode(message.content()).chunkSize();
            if (size > MAX_CHUNK_SIZE) {
                throw new RtmpChunkException("peer chunk size " + size + " exceeds the " + MAX_CHUNK_SIZE
                        + "-byte limit");
            }
            chunkSize = size;
        } else if (message.typeId() == MessageType.ABORT) {
            ChunkStream aborted = streams.get(Abort.decode(message.content()).chunkStreamId());
            if (aborted != null && aborted.payload != null) {
                aborted.payload.release();
                aborted.payload = null;
                giveBack(aborted);
                partialMessages--;
            }
        }
    }

    private void releasePartialMessages() {
        for (ChunkStream cs : streams.values()) {
            if (cs.payload != null) {
                cs.payload.release();
                cs.payload = null;
            }
            giveBack(cs);
        }
        partialMessages = 0;
        current = null;
    }
}
