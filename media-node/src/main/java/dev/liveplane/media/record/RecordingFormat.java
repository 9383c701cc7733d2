package dev.liveplane.media.record;

/** A file format a stream is recorded in, with the object name extension and content type of its files. */
public enum RecordingFormat {
    FLV("flv", ".flv", "video/x-flv"),
    /** MPEG-TS segments ({@code -{n}.ts}) and a VOD playlist ({@code .m3u8}) per cycle. */
    HLS("hls", ".m3u8", "application/vnd.apple.mpegurl"),
    /** One fragmented MP4 per cycle. */
    MP4("mp4", ".mp4", "video/mp4");

    private final String wire;
    private final String extension;
    private final String contentType;

    RecordingFormat(String wire, String extension, String contentType) {
        this.wire = wire;
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The spec's name: flv, hls, mp4. */
    public String wire() {
        return wire;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** The format the spec names {@code wire}. */
    public static RecordingFormat of(String wire) {
        for (RecordingFormat format : values()) {
            if (format.wire.equals(wire)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown recording format " + wire);
    }
}
