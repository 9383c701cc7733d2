package dev.liveplane.media.record;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Where finished recording files go: the port the uploader writes through (S3, or a test's store). */
public interface ObjectStore extends AutoCloseable {

    /**
     * Uploads {@code file} whole as {@code key}, replacing any object there (so an upload repeated after a crash leaves
     * one object). Completes on any thread, exceptionally when the store refused or could not be reached.
     */
    CompletableFuture<Void> put(String key, Path file, String contentType);

    @Override
    void close();
}
