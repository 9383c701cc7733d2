package dev.liveplane.media.record;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One file a writer fills in the spool: what it appends is counted, in the file and against the spool's budget. */
final class SpoolFile implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final SpoolBudget budget;
    private long bytes;

    /** Opens a new file named {@code *extension} in the file's active directory. */
    SpoolFile(RecordingFile file, String extension) throws IOException {
        this.path = file.newLocalFile(extension);
        this.channel = FileChannel.open(path, StandardOpenOption.WRITE);
        this.budget = file.budget();
    }

    /** Appends the readable bytes of {@code buf}, consuming them. */
    void write(ByteBuf buf) throws IOException {
        int n = buf.readableBytes();
        while (buf.isReadable()) {
            buf.readBytes(channel, buf.readableBytes());
        }
        bytes += n;
        budget.add(n);
    }

    /** Syncs to the disk what was written: a finished file survives the machine, not just the process. */
    void force() throws IOException {
        channel.force(false);
    }

    Path path() {
        return path;
    }

    long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more is written to it; its bytes stay counted until the outbox has uploaded it.
        }
    }
}
