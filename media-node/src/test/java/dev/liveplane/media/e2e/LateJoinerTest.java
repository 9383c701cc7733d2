package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.protocol.rtmp.message.MessageType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a player that joins a running ffmpeg stream receives on the wire, message by message: over RTMP from connect to
 * end of stream, and over HTTP-FLV from the file header to the first keyframe.
 */
class LateJoinerTest {

    /** Long enough that the stream is well under way: metadata, sequence headers and part of a GOP are cached. */
    private static final Duration JOIN_AFTER = Duration.ofMillis(1_500);
    private static final Duration STREAM_UP = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void anRtmpPlayerGetsStatusThenMetadataThenSequenceHeadersThenAKeyframe() throws Exception {
        try (LocalNode node = LocalNode.start()) {
            Ffmpeg.Run publisher = Ffmpeg.publish(node.rtmp("live", "late"), 8, "320x240", dir, "aac");
            try {
                node.awaitStream("live", "late", STREAM_UP);
                Thread.sleep(JOIN_AFTER.toMillis());
                try (RtmpPlayer player = RtmpPlayer.play(node.node.rtmpPort(), "live", "late")) {
                    // A second of pictures after the sequence header: the cached GOP and live frames after it.
                    List<RtmpPlayer.Received> messages = player.awaitMessages(received -> received.stream()
                            .filter(m -> m.typeId() == MessageType.VIDEO).count() > 25, Duration.ofSeconds(10));
                    List<String> transcript = messages.stream().map(RtmpPlayer.Received::label).toList();

                    assertThat(transcript).contains("AAC sequence header");
                    int audioHeaderAt = transcript.indexOf("AAC sequence header");
                    assertThat(transcript.subList(0, audioHeaderAt + 1)).as("transcript %s", transcript)
                            .containsExactly(
                                    "WindowAckSize", "SetPeerBandwidth", "SetChunkSize",
                                    "_result NetConnection.Connect.Success",
                                    "_result", // createStream
                                    "StreamBegin 1",
                                    "onStatus NetStream.Play.Reset", "onStatus NetStream.Play.Start",
                                    "|RtmpSampleAccess",
                                    "onMetaData", "AVC sequence header", "AAC sequence header");

                    RtmpPlayer.Received metadata = messages.get(transcript.indexOf("onMetaData"));
                    assertThat(metadata.typeId()).isEqualTo(MessageType.DATA_AMF0);
                    assertThat(metadata.data().values().get(1)).isInstanceOfSatisfying(Map.class, properties -> {
                        assertThat(properties).containsEntry("width", 320.0).containsEntry("height", 240.0)
                                .containsEntry("videocodecid", 7.0).containsEntry("audiocodecid", 10.0);
                    });
                    RtmpPlayer.Received videoHeader = messages.get(transcript.indexOf("AVC sequence header"));
                    assertThat(new int[] {videoHeader.byteAt(0), videoHeader.byteAt(1)}).containsExactly(0x17, 0x00);
                    RtmpPlayer.Received audioHeader = messages.get(audioHeaderAt);
                    assertThat(new int[] {audioHeader.byteAt(0), audioHeader.byteAt(1)}).containsExactly(0xAF, 0x00);
                    RtmpPlayer.Received firstPicture = messages.subList(audioHeaderAt + 1, messages.size()).stream()
                            .filter(m -> m.typeId() == MessageType.VIDEO).findFirst().orElseThrow();
                    assertThat(new int[] {firstPicture.byteAt(0), firstPicture.byteAt(1)}).as(transcript.toString())
                            .containsExactly(0x17, 0x01);

                    List<RtmpPlayer.Received> media = messages.stream().filter(RtmpPlayer.Received::isMedia).toList();
                    assertThat(media).allSatisfy(m -> assertThat(m.messageStreamId()).isEqualTo(1));
                    assertNeverBackwards(media, RtmpPlayer.Received::timestamp);
                    // A behavioural bound, not a performance figure (bench/ measures that): the cache is sent at once.
                    assertThat(Duration.ofNanos(media.get(0).arrivedNanos() - player.playSentNanos()))
                            .isLessThan(Duration.ofSeconds(2));
                }
            } finally {
                publisher.kill();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Ffmpeg.Tracks.class)
    void anHttpFlvPlayerGetsAHeaderFlaggingTheRealTracksThenMetadataHeadersAndAKeyframe(Ffmpeg.Tracks tracks)
            throws Exception {
        String stream = "flv-" + tracks.name().toLowerCase(Locale.ROOT);
        try (LocalNode node = LocalNode.start()) {
            Ffmpeg.Run publisher = Ffmpeg.publish(node.rtmp("live", stream), 8, "320x240", dir, "aac", tracks);
            try {
                node.awaitStream("live", stream, STREAM_UP);
                Thread.sleep(JOIN_AFTER.toMillis());
                try (HttpFlvPlayer player = HttpFlvPlayer.open(node.node.httpPort(), "/live/" + stream + ".flv")) {
                    int flags = switch (tracks) {
                        case AUDIO_VIDEO -> 0x05;
                        case AUDIO_ONLY -> 0x04;
                        case VIDEO_ONLY -> 0x01;
                    };
                    byte[] signature = "FLV".getBytes(StandardCharsets.US_ASCII);
                    assertThat(player.fileHeader()).containsExactly(signature[0], signature[1], signature[2],
                            1, flags, 0, 0, 0, 9, 0, 0, 0, 0);

                    List<HttpFlvPlayer.Tag> tags = tagsForOneSecondOfMedia(player);
                    List<String> transcript = tags.stream().map(HttpFlvPlayer.Tag::label).toList();
                    List<String> start = switch (tracks) {
                        case AUDIO_VIDEO -> List.of("onMetaData", "AVC sequence header", "AAC sequence header",
                                "AVC keyframe");
                        case AUDIO_ONLY -> List.of("onMetaData", "AAC sequence header", "AAC frame");
                        case VIDEO_ONLY -> List.of("onMetaData", "AVC sequence header", "AVC keyframe");
                    };
                    assertThat(transcript).as("transcript %s", transcript).startsWith(start.toArray(String[]::new));
                    if (tracks == Ffmpeg.Tracks.AUDIO_ONLY) {
                        assertThat(transcript).noneMatch(label -> label.startsWith("AVC") || label.equals("video"));
                    }
                    if (tracks == Ffmpeg.Tracks.VIDEO_ONLY) {
                        assertThat(transcript).noneMatch(label -> label.startsWith("AAC") || label.equals("audio"));
                    }
                    assertNeverBackwards(tags.stream().filter(tag -> WireLabel.isMedia(tag.type())).toList(),
                            HttpFlvPlayer.Tag::timestamp);
                }
            } finally {
                publisher.kill();
            }
        }
    }

    @Test
    void anRtmpPlayerGetsStreamEofAndUnpublishNotifyAndIsDisconnectedWhenThePublisherStops() throws Exception {
        try (LocalNode node = LocalNode.start()) {
            Ffmpeg.Run publisher = Ffmpeg.publish(node.rtmp("live", "ends"), 4, "320x240", dir, "aac");
            try {
                node.awaitStream("live", "ends", STREAM_UP);
                Thread.sleep(JOIN_AFTER.toMillis());
                try (RtmpPlayer player = RtmpPlayer.play(node.node.rtmpPort(), "live", "ends")) {
                    player.awaitMessages(received -> received.stream().anyMatch(RtmpPlayer.Received::isMedia),
                            Duration.ofSeconds(10));
                    assertThat(publisher.await(Duration.ofSeconds(15))).as(publisher.stderr()).isZero();

                    assertThat(player.awaitClosedByPeer(Duration.ofSeconds(5))).as("closed by the node").isTrue();
                    List<RtmpPlayer.Received> messages = player.messages();
                    List<String> transcript = messages.stream().map(RtmpPlayer.Received::label).toList();
                    int lastMedia = messages.size() - 1;
                    while (lastMedia >= 0 && !messages.get(lastMedia).isMedia()) {
                        lastMedia--;
                    }
                    assertThat(transcript.subList(lastMedia + 1, transcript.size())).as("transcript %s", transcript)
                            .containsExactly("StreamEOF 1", "onStatus NetStream.Play.UnpublishNotify",
                                    "onStatus NetStream.Play.Stop");
                }
            } finally {
                publisher.kill();
            }
        }
    }

    /** Reads tags until the media timestamps span a second past the first frame that is not a sequence header. */
    private static List<HttpFlvPlayer.Tag> tagsForOneSecondOfMedia(HttpFlvPlayer player) throws Exception {
        List<HttpFlvPlayer.Tag> tags = new ArrayList<>();
        long firstFrame = -1;
        HttpFlvPlayer.Tag tag;
        while ((tag = player.next()) != null) {
            tags.add(tag);
            if (!WireLabel.isMedia(tag.type()) || tag.label().endsWith("sequence header")) {
                continue; // script data and decoder configurations, sent with whatever timestamp they first had
            }
            if (firstFrame < 0) {
                firstFrame = tag.timestamp();
            } else if (tag.timestamp() - firstFrame >= 1_000) {
                return tags;
            }
        }
        throw new AssertionError("HTTP-FLV body ended before a second of media: " + tags);
    }

    private static <T> void assertNeverBackwards(List<T> media, ToLongFunction<T> timestamp) {
        for (int i = 1; i < media.size(); i++) {
            assertThat(timestamp.applyAsLong(media.get(i)))
                    .as("timestamp of %s after %s in %s", media.get(i), media.get(i - 1), media)
                    .isGreaterThanOrEqualTo(timestamp.applyAsLong(media.get(i - 1)));
        }
    }
}
