package dev.liveplane.media.server.stream;

/** The session pushing a stream, as the registry sees it. */
public interface Publisher {

    /** Cuts the publisher off (a newer session took the stream over, or an operator forbade it). Any thread. */
    void evict(String reason);

    /** The encoder's IP address, or null when unknown. */
    default String clientAddress() {
        return null;
    }

    /**
     * True for a relay pulling the stream from the node it is published on: its stream is not reported as published
     * here.
     */
    default boolean relayed() {
        return false;
    }
}
