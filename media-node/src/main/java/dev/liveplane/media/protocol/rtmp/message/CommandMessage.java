package dev.liveplane.media.protocol.rtmp.message;

import dev.liveplane.media.protocol.amf0.Amf0Writer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Converts between a command message payload (RTMP spec 7.1.1, type 20 AMF0 or type 17 AMF3) and its name,
 * transaction id, command object and further arguments, e.g. {@code connect}, {@code publish} or {@code _result}.
 */
public record CommandMessage(String name, double transactionId, Object commandObject, List<Object> arguments) {

    public CommandMessage {
        Objects.requireNonNull(name, "name");
        // AMF null is a common argument, so List.copyOf (which refuses nulls) will not do.
        arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
    }

    /**
     * Reads a type 20 or type 17 payload without moving its reader index. A missing transaction id or command object
     * reads as 0 and null.
     */
    public static CommandMessage decode(int typeId, ByteBuf payload) {
        List<Object> values = AmfPayloads.read(typeId, MessageType.COMMAND_AMF0, MessageType.COMMAND_AMF3, payload);
        if (values.isEmpty() || !(values.get(0) instanceof String name)) {
            throw new RtmpMessageException("command message must start with a string name, got "
                    + (values.isEmpty() ? "nothing" : String.valueOf(values.get(0))));
        }
        double transactionId = 0;
        if (values.size() > 1) {
            if (!(values.get(1) instanceof Number number)) {
                throw new RtmpMessageException("command " + name + " has transaction id " + values.get(1)
                        + "; expected a number");
            }
            transactionId = number.doubleValue();
        }
        Object commandObject = values.size() > 2 ? values.get(2) : null;
        List<Object> arguments = values.size() > 3 ? values.subList(3, values.size()) : List.of();
        return new CommandMessage(name, transactionId, commandObject, arguments);
    }

    /** Encodes the body as AMF0 (type 20). */
    public ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        try {
            Amf0Writer.write(out, name);
            Amf0Writer.write(out, transactionId);
            Amf0Writer.write(out, commandObject);
            Amf0Writer.writeAll(out, arguments);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** Wraps the AMF0 body into a type 20 message with timestamp 0. */
    public RtmpMessage toMessage(ByteBufAllocator alloc, int chunkStreamId, int messageStreamId) {
        return new RtmpMessage(chunkStreamId, MessageType.COMMAND_AMF0, 0, messageStreamId, encode(alloc));
    }
}
