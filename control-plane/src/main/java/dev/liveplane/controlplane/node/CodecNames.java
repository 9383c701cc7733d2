package dev.liveplane.controlplane.node;

import java.util.Locale;
import java.util.Map;

/**
 * Turns a codec name a node reports into the short name the control plane stores and shows: known spellings map
 * to ffmpeg's names, anything else is lower-cased, kept to {@code [a-z0-9._-]} and cut to {@link #MAX_LENGTH}, so
 * no node can report a codec the {@code online_streams} columns cannot hold.
 */
final class CodecNames {

    /** The width of the {@code video_codec} and {@code audio_codec} columns. */
    static final int MAX_LENGTH = 16;

    // What nodes before the short names sent: the FLV SoundFormat and CodecID names (video_file_format_spec_v10_1,
    // E.4.2.1 and E.4.3.1), lower-cased. linear_pcm_little_endian is the one that once overflowed the column.
    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("linear_pcm_little_endian", "pcm_s16le"),
            Map.entry("linear_pcm_platform_endian", "pcm"),
            Map.entry("adpcm", "adpcm_swf"),
            Map.entry("nellymoser_16khz_mono", "nellymoser"),
            Map.entry("nellymoser_8khz_mono", "nellymoser"),
            Map.entry("g711_a_law", "pcm_alaw"),
            Map.entry("g711_mu_law", "pcm_mulaw"),
            Map.entry("mp3_8khz", "mp3"),
            Map.entry("device_specific", "device"),
            Map.entry("avc", "h264"),
            Map.entry("avc1", "h264"),
            Map.entry("hevc", "h265"),
            Map.entry("hvc1", "h265"),
            Map.entry("av01", "av1"),
            Map.entry("vp09", "vp9"),
            Map.entry("mp4a", "aac"),
            Map.entry("sorenson_h263", "h263"),
            Map.entry("screen_video", "flashsv"),
            Map.entry("screen_video_v2", "flashsv2"),
            Map.entry("vp6_alpha", "vp6a"));

    private CodecNames() {
    }

    /** The stored name of {@code reported}: null for null, {@code unknown} when nothing is left after the rule. */
    static String normalize(String reported) {
        if (reported == null) {
            return null;
        }
        String lower = reported.strip().toLowerCase(Locale.ROOT);
        String known = KNOWN.get(lower);
        if (known != null) {
            return known;
        }
        StringBuilder kept = new StringBuilder(MAX_LENGTH);
        for (int i = 0; i < lower.length() && kept.length() < MAX_LENGTH; i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
                kept.append(c);
            }
        }
        return kept.isEmpty() ? "unknown" : kept.toString();
    }
}
