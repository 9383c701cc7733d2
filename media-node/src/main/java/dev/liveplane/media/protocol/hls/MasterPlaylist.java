package dev.liveplane.media.protocol.hls;

/**
 * Turns one variant stream into an RFC 8216 master playlist (4.3.4.2): the indirection that lets a playlist URL signed
 * for one request hand the player a child URL carrying its own authorization.
 *
 * @param mediaPlaylistUri the variant's URI, relative to the master playlist
 * @param bandwidth peak bits per second of the variant, as EXT-X-STREAM-INF requires
 */
public record MasterPlaylist(String mediaPlaylistUri, long bandwidth) {

    public MasterPlaylist {
        if (bandwidth <= 0) {
            throw new IllegalArgumentException("BANDWIDTH must be positive");
        }
        if (mediaPlaylistUri.isEmpty() || mediaPlaylistUri.indexOf('\n') >= 0 || mediaPlaylistUri.indexOf('\r') >= 0
                || mediaPlaylistUri.startsWith("#")) {
            throw new IllegalArgumentException("the variant URI must be one line that is not a tag");
        }
    }

    public String render() {
        return "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=" + bandwidth + "\n" + mediaPlaylistUri + "\n";
    }
}
