package dev.liveplane.controlplane.config;

/**
 * One thing a config version changed, keyed as the nodes' {@code ConfigDelta} names it: a delta reads each key changed
 * since the node's version at its current value. Every {@link ConfigVersion#bump} names at least one.
 */
public record ConfigChange(Kind kind, String key) {

    /** What the key names; {@code column} is what {@code config_changes.kind} stores. */
    public enum Kind {
        /** A domain row, its enabling, verification, lists, signing settings, JWT keys: key {@code id/name}. */
        DOMAIN("domain"),
        /** A forbid: key {@code domain/app/stream}. */
        FORBIDDEN_STREAM("forbid"),
        /** A stream key: key its id. */
        STREAM_KEY("stream-key"),
        /** The list of suspended tenants, small enough to send whole. */
        SUSPENSIONS("suspensions"),
        /** The recording section (storage, rules, manual recordings), sent whole. */
        RECORDING("recording");

        private final String column;

        Kind(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }

        static Kind of(String column) {
            for (Kind kind : values()) {
                if (kind.column.equals(column)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown config change kind " + column);
        }
    }

    /**
     * A domain, by the id nodes know it by and its name: the name lets a delta find what the snapshot ties to the
     * domain by name after the row is gone. Neither holds a slash (ids are ULIDs, names DNS names).
     */
    public static ConfigChange domain(String id, String name) {
        return new ConfigChange(Kind.DOMAIN, id + "/" + name);
    }

    /** A forbid of {@code domain/app/stream}; the domain holds no slash, so the first one ends it. */
    public static ConfigChange forbiddenStream(String domain, String app, String stream) {
        return new ConfigChange(Kind.FORBIDDEN_STREAM, domain + "/" + app + "/" + stream);
    }

    public static ConfigChange streamKey(String id) {
        return new ConfigChange(Kind.STREAM_KEY, id);
    }

    public static ConfigChange suspensions() {
        return new ConfigChange(Kind.SUSPENSIONS, "");
    }

    public static ConfigChange recording() {
        return new ConfigChange(Kind.RECORDING, "");
    }

    /** The domain id of a {@link Kind#DOMAIN} key. */
    public String domainId() {
        return key.substring(0, key.indexOf('/'));
    }

    /** The domain name of a {@link Kind#DOMAIN} key, or the forbidden stream's domain. */
    public String domainName() {
        int slash = key.indexOf('/');
        return kind == Kind.DOMAIN ? key.substring(slash + 1) : key.substring(0, slash);
    }

    /** {@code [app, stream]} of a {@link Kind#FORBIDDEN_STREAM} key. */
    public String[] appAndStream() {
        String rest = key.substring(key.indexOf('/') + 1);
        int slash = rest.indexOf('/');
        return new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
    }
}
