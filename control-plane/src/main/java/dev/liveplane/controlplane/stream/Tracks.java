package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.web.model.AudioTrack;
import dev.liveplane.controlplane.web.model.VideoTrack;

/** Turns an online stream row's codec columns into the API's video and audio tracks (none without a codec). */
final class Tracks {

    private Tracks() {
    }

    static VideoTrack video(OnlineStreamRow row) {
        return row.videoCodec() == null ? null : new VideoTrack(row.videoCodec()).width(row.width())
                .height(row.height()).frameRate(row.frameRate());
    }

    static AudioTrack audio(OnlineStreamRow row) {
        return row.audioCodec() == null ? null : new AudioTrack(row.audioCodec()).sampleRate(row.sampleRate())
                .channels(row.channels());
    }
}
