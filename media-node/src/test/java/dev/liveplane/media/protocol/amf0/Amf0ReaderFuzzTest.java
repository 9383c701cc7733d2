package dev.liveplane.media.protocol.amf0;

import dev.liveplane.media.protocol.ProtocolException;
import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;

/**
 * Any bytes either read as AMF values or end in {@link AmfException} (or, read as a command, in another
 * {@link ProtocolException}): never an IndexOutOfBoundsException, StackOverflowError or OutOfMemoryError. Seeds:
 * Amf0ReaderFuzzTestInputs/read, command and data payloads from the ffmpeg and nginx-rtmp captures.
 */
class Amf0ReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void read(byte[] input) {
        try {
            Amf0Reader.readAll(Unpooled.wrappedBuffer(input));
        } catch (AmfException expected) {
            // The typed refusal is one of the two allowed outcomes.
        }
        try {
            CommandMessage.decode(MessageType.COMMAND_AMF3, Unpooled.wrappedBuffer(input));
        } catch (ProtocolException expected) {
            // Likewise for a command.
        }
    }
}
