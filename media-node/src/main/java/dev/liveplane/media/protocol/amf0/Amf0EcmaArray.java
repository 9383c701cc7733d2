package dev.liveplane.media.protocol.amf0;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Marks a map that came from, or must go out as, an AMF0 ECMA array (AMF0 spec 2.10) rather than an anonymous object;
 * ffmpeg and OBS send {@code onMetaData} this way. It compares equal to any map with the same entries.
 */
public final class Amf0EcmaArray extends LinkedHashMap<String, Object> {

    private static final long serialVersionUID = 1L;

    public Amf0EcmaArray() {
    }

    public Amf0EcmaArray(Map<String, ?> entries) {
        super(entries);
    }
}
