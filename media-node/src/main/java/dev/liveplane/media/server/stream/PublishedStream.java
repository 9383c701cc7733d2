package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import java.time.Instant;

/**
 * What a node knows of a stream shortly after its publisher went live.
 *
 * @param key           the stream as published (push domain, app, stream)
 * @param at            when the publish started
 * @param clientAddress the encoder's address, or null when unknown
 * @param video         the video track, or null when the stream has none (or it did not arrive in time)
 * @param audio         the audio track, or null likewise
 * @param bitrateKbps   ingest bitrate estimate, 0 when unknown
 * @param owner         the registration of the push domain it was published under
 */
public record PublishedStream(StreamKey key, Instant at, String clientAddress, VideoTrack video, AudioTrack audio,
        int bitrateKbps, DomainOwner owner) {

    /** A video track: codec name (h264, h265, av1, ...), size after cropping and frame rate where known. */
    public record VideoTrack(String codec, Integer width, Integer height, Double frameRate) {
    }

    /** An audio track: codec name (aac, mp3, ...), sample rate and channel count where known. */
    public record AudioTrack(String codec, Integer sampleRate, Integer channels) {
    }
}
