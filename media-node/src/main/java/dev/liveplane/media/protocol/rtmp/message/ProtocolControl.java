package dev.liveplane.media.protocol.rtmp.message;

import io.netty.buffer.ByteBuf;

/** Wraps a protocol control payload into the RtmpMessage RTMP spec 5.4 prescribes: chunk stream 2, stream 0. */
final class ProtocolControl {

    static final int CHUNK_STREAM_ID = 2;

    private ProtocolControl() {
    }

    static RtmpMessage message(int typeId, ByteBuf payload) {
        return new RtmpMessage(CHUNK_STREAM_ID, typeId, 0, 0, payload);
    }
}
