package dev.liveplane.media.protocol.amf0;

import java.util.Map;

/** Holds an AMF0 typed object (AMF0 spec 2.18) or a named AMF3 object: a class name and its properties. */
public record Amf0TypedObject(String className, Map<String, Object> properties) {
}
