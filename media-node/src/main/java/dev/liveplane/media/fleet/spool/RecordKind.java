package dev.liveplane.media.fleet.spool;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link SpooledReporter} needs to know of one kind of record: how it is written to the spool and read back,
 * how a batch is sent, and who follows the records this process reported.
 *
 * @param <T> the record
 */
public interface RecordKind<T> {

    /** The record's bytes in the spool. */
    byte[] encode(T record);

    /** The record from its spool bytes; an exception sets the record aside as unreadable. */
    T decode(byte[] bytes) throws IOException;

    /** Whether a batch can go now (false while the node has no credential); asked on the reporter's thread. */
    boolean ready();

    /** Sends a batch, in order; completes on any thread. */
    CompletableFuture<Answer> send(List<T> batch);

    /** A batch of this process's records left for the control plane. */
    default void taken() {
    }

    /**
     * Records of this process are answered (recorded, set aside, or lost to the spool's budget), in order; with
     * {@code batchDone} the batch taken last is answered whole.
     */
    default void answered(List<T> part, boolean batchDone) {
    }

    /** A short name of a record for the log. */
    default String describe(T record) {
        return String.valueOf(record);
    }
}
