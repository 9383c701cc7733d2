package dev.liveplane.media.server.stream;

/** Which elementary streams a live stream carries, as known from its metadata and sequence headers. */
public record TrackInfo(boolean hasAudio, boolean hasVideo) {
}
