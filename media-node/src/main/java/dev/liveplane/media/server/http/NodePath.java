package dev.liveplane.media.server.http;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns a player's request path into the path this node serves, reading the node prefix {@code /_n/{key}} that the
 * node writes into the HLS URIs it hands a viewer. Behind a CDN whose origin is any node, the prefix is how the CDN
 * sends a viewer's later requests to the node that opened the session (its edge function routes {@code /_n/{key}/}
 * to the origin {@code {key}.{suffix}}): a node relaying a stream cuts its own segments under its own publish id, so
 * another node has none of them. The key is one lower-case DNS label, the node's id under a control plane.
 */
public final class NodePath {

    static final String PREFIX = "/_n/";
    private static final Pattern KEY = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    private volatile Supplier<String> key = () -> null;

    /**
     * Names this node by {@code key}, asked for each playlist (a node under a control plane learns its id when it
     * registers); a null answer writes no prefix.
     */
    public void identifyBy(Supplier<String> source) {
        this.key = source;
    }

    /** Whether {@code key} can name a node: one lower-case DNS label, as the edge function requires. */
    public static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** This node's key, when it has one that can name it. */
    Optional<String> key() {
        return Optional.ofNullable(key.get()).filter(NodePath::isKey);
    }

    /**
     * The path this node serves for {@code path}: itself without a prefix, the rest after this node's own prefix;
     * empty for a prefix naming another node (or naming none this node has), whose segments this node does not cut.
     */
    Optional<String> served(String path) {
        if (!path.startsWith(PREFIX)) {
            return Optional.of(path);
        }
        int end = path.indexOf('/', PREFIX.length());
        if (end < 0) {
            return Optional.empty();
        }
        String named = path.substring(PREFIX.length(), end);
        return key().filter(named::equals).map(own -> path.substring(end));
    }

    /** {@code path} (one this node serves) as this node names it in the URIs it hands out. */
    String named(String path) {
        return key().map(own -> PREFIX + own + path).orElse(path);
    }
}
