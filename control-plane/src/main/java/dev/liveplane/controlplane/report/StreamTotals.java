package dev.liveplane.controlplane.report;

/** One stream's usage over a report's range: egress per protocol, ingest and viewer-seconds. */
record StreamTotals(String app, String stream, long rtmpBytes, long httpFlvBytes, long hlsBytes, long ingestBytes,
        long viewerSeconds) {

    /** The bytes written to viewers, the billed ones: RTMP, HTTP-FLV and HLS (relays are not viewers). */
    long bytes() {
        return rtmpBytes + httpFlvBytes + hlsBytes;
    }

    StreamTotals plus(String protocol, long bytes, long seconds) {
        return new StreamTotals(app, stream,
                rtmpBytes + ("rtmp".equals(protocol) ? bytes : 0),
                httpFlvBytes + ("http_flv".equals(protocol) ? bytes : 0),
                hlsBytes + ("hls".equals(protocol) ? bytes : 0),
                ingestBytes + ("ingest".equals(protocol) ? bytes : 0),
                viewerSeconds + seconds);
    }
}
