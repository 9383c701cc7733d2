package dev.liveplane.controlplane.e2e;

/** How a player plays, named as the usage report names the protocol ({@code UsageProtocol} in the spec). */
enum PlayProtocol {
    RTMP("rtmp"),
    HTTP_FLV("http_flv"),
    HLS("hls");

    private final String usageName;

    PlayProtocol(String usageName) {
        this.usageName = usageName;
    }

    String usageName() {
        return usageName;
    }
}
