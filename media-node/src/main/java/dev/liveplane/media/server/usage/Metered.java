package dev.liveplane.media.server.usage;

/** What a byte was metered as: the spec's {@code UsageProtocol}. */
public enum Metered {
    /** Written to an RTMP player, on the pull domain it played from; billed. */
    RTMP("rtmp", true),
    /** Written to an HTTP-FLV player, on its pull domain; billed. */
    HTTP_FLV("http_flv", true),
    /** HLS playlists and segments written to a player, on its pull domain; billed. */
    HLS("hls", true),
    /** Written to another node of the fleet pulling the stream, on the push domain; never billed. */
    RELAY("relay", false),
    /** Received from the publisher, on the push domain. */
    INGEST("ingest", false);

    private final String wire;
    private final boolean viewers;

    Metered(String wire, boolean viewers) {
        this.wire = wire;
        this.viewers = viewers;
    }

    /** The spec's name. */
    public String wire() {
        return wire;
    }

    /** Whether viewers (viewer-seconds, peak viewers) are counted under it. */
    public boolean viewers() {
        return viewers;
    }
}
