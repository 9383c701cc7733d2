package dev.liveplane.media.server.stream;

import io.netty.buffer.ByteBuf;
import java.util.function.Function;

/** A wire form of a {@link MediaFrame} that every viewer of one kind receives identically. */
public enum DeliveryFormat {
    RTMP_CHUNKS(frame -> {
        throw new IllegalStateException("wired in by the server layer");
    }),
    HTTP_FLV_CHUNK(frame -> {
        throw new IllegalStateException("wired in by the server layer");
    });

    private final Function<MediaFrame, ByteBuf> encoder;

    DeliveryFormat(Function<MediaFrame, ByteBuf> encoder) {
        this.encoder = encoder;
    }

    ByteBuf encode(MediaFrame frame) {
        return encoder.apply(frame);
    }
}
