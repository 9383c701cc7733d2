package dev.liveplane.controlplane.stream;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.VideoTrack;

/**
 * Turns an online stream row's codec columns into the video and audio tracks a webhook carries (none without a
 * codec): the node protocol's, as a publish event brings them.
 */
final class Tracks {

    private Tracks() {
    }

    static VideoTrack video(OnlineStreamRow row) {
        return row.videoCodec() == null ? null : new VideoTrack().codec(row.videoCodec()).width(row.width())
                .height(row.height()).frameRate(row.frameRate());
    }

    static AudioTrack audio(OnlineStreamRow row) {
        return row.audioCodec() == null ? null : new AudioTrack().codec(row.audioCodec()).sampleRate(row.sampleRate())
                .channels(row.channels());
    }
}
