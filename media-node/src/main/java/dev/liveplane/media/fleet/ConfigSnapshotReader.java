package dev.liveplane.media.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.liveplane.api.node.model.ConfigSnapshot;
import dev.liveplane.api.node.model.SnapshotDomain;
import dev.liveplane.api.node.model.SnapshotForbiddenStream;
import dev.liveplane.api.node.model.SnapshotStreamKey;
import dev.liveplane.api.signing.JwtPublicKey;
import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.UrlVerifier;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.DomainConfig;
import dev.liveplane.media.auth.DomainSnapshot;
import dev.liveplane.media.auth.IpRules;
import dev.liveplane.media.auth.RefererRules;
import dev.liveplane.media.auth.StreamKeyTable;
import dev.liveplane.media.auth.StreamTokens;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the control plane's {@code ConfigSnapshot} JSON (api/openapi.yaml) into the {@link DomainSnapshot} the
 * authorizer enforces. Anything malformed rejects the whole snapshot with the place and the problem
 * ({@code domains[2].scheme: ...}): a node never serves half a configuration. The JSON is read into the spec's
 * generated {@link ConfigSnapshot} with the node's strict mapper (types, enums and dates as the spec says), except
 * that unknown fields are ignored: the spec leaves these objects open, so the control plane can add fields before
 * every node knows them.
 */
public final class ConfigSnapshotReader {

    private static final Logger log = LoggerFactory.getLogger(ConfigSnapshotReader.class);
    static final Duration HLS_SESSION_TTL = Duration.ofHours(12);

    private static final ObjectReader LENIENT = NodeJson.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Clock clock;

    public ConfigSnapshotReader(Clock clock) {
        this.clock = clock;
    }

    /** Thrown for a snapshot that cannot be used, with a message naming the place and the problem. */
    public static final class InvalidSnapshotException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidSnapshotException(String message) {
            super(message);
        }
    }

    public DomainSnapshot read(String json) throws InvalidSnapshotException {
        return readHeld(json).enforced();
    }

    /** Reads {@code json} into both forms the node holds: the spec's model (for deltas) and what it enforces. */
    HeldSnapshot readHeld(String json) throws InvalidSnapshotException {
        return held(readWire(json, ConfigSnapshot.class), null);
    }

    /**
     * Validates {@code wire} and reads what it enforces, exactly as a snapshot that came whole: a snapshot made by a
     * delta passes the same checks. Domains {@code previous} holds unchanged (the same object, as a delta leaves
     * them) keep their converted form: converting 100,000 domains again for a one-stream forbid would cost the node
     * more than the delta saved.
     */
    HeldSnapshot held(ConfigSnapshot wire, HeldSnapshot previous) throws InvalidSnapshotException {
        try {
            return HeldSnapshot.of(wire, snapshot(wire, previous));
        } catch (IllegalArgumentException e) {
            throw new InvalidSnapshotException(e.getMessage());
        }
    }

    /**
     * Reads {@code json} as the spec's {@code type} with the node's strict mapper, unknown fields aside (the spec
     * leaves these objects open, so the control plane can add fields before every node knows them).
     */
    static <T> T readWire(String json, Class<T> type) throws InvalidSnapshotException {
        JsonNode root;
        try {
            root = NodeJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSnapshotException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSnapshotException("expected a " + type.getSimpleName() + " object");
        }
        try {
            return LENIENT.treeToValue(root, type);
        } catch (JsonMappingException e) {
            throw new InvalidSnapshotException(where(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidSnapshotException(e.getMessage());
        }
    }

    /** The place a mapping error names, as {@code domains[1].scheme}. */
    private static String where(JsonMappingException e) {
        StringBuilder where = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                where.append(where.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                where.append('[').append(ref.getIndex()).append(']');
            }
        }
        return where.length() == 0 ? "snapshot" : where.toString();
    }

    private DomainSnapshot snapshot(ConfigSnapshot root, HeldSnapshot previous) {
        Long version = required(root.getVersion(), "version");
        if (version < 0) {
            throw new IllegalArgumentException("version: must be a whole number, 0 or more");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(text(root.getHlsSessionSecret(), "hlsSessionSecret"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hlsSessionSecret: not base64");
        }
        if (secret.length < 16) {
            throw new IllegalArgumentException("hlsSessionSecret: needs at least 16 bytes");
        }
        Map<String, DomainConfig> domains = new LinkedHashMap<>();
        List<SnapshotDomain> list = required(root.getDomains(), "domains");
        for (int i = 0; i < list.size(); i++) {
            DomainConfig unchanged = previous == null ? null : previous.converted(list.get(i));
            DomainConfig domain = unchanged != null ? unchanged : domain(list.get(i), "domains[" + i + "]");
            if (domains.putIfAbsent(domain.name(), domain) != null) {
                throw new IllegalArgumentException("domains[" + i + "].name: " + domain.name() + " is listed twice");
            }
        }
        // A pull domain whose push domain is not (yet) in the snapshot has nothing to play; dropping it alone keeps
        // one such slip of the control plane from stopping every node taking any new configuration.
        domains.values().removeIf(domain -> {
            DomainConfig push = domain.type() == DomainConfig.Type.PULL ? domains.get(domain.pushDomain()) : domain;
            if (push == null || push.type() != DomainConfig.Type.PUSH) {
                log.warn("event=snapshot_domain_skipped domain={} reason=\"bound to {}, not a push domain here\"",
                        domain.name(), domain.pushDomain());
                return true;
            }
            return false;
        });
        Map<StreamKey, Instant> forbidden = new HashMap<>();
        List<SnapshotForbiddenStream> forbids = required(root.getForbiddenStreams(), "forbiddenStreams");
        for (int i = 0; i < forbids.size(); i++) {
            String where = "forbiddenStreams[" + i + "]";
            SnapshotForbiddenStream f = required(forbids.get(i), where);
            StreamKey key = new StreamKey(text(f.getDomain(), where + ".domain"), text(f.getApp(), where + ".app"),
                    text(f.getStream(), where + ".stream"));
            Instant until = f.getUntil() != null ? f.getUntil().toInstant() : Instant.MAX;
            forbidden.merge(key, until, (a, b) -> a.isAfter(b) ? a : b);
        }
        Set<String> suspended = new HashSet<>(required(root.getSuspendedTenants(), "suspendedTenants"));
        suspended.remove(null);
        return new DomainSnapshot(version, domains, forbidden, suspended,
                new StreamTokens(secret, HLS_SESSION_TTL, clock), streamKeys(root.getStreamKeys()),
                RecordingConfigReader.read(root.getRecording()));
    }

    /** The active stream keys; absent (a control plane from before stream keys) is none. */
    private static StreamKeyTable streamKeys(List<SnapshotStreamKey> keys) {
        if (keys == null) {
            return StreamKeyTable.NONE;
        }
        Map<String, StreamKeyTable.Grant> byId = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String where = "streamKeys[" + i + "]";
            SnapshotStreamKey k = required(keys.get(i), where);
            StreamKey stream = new StreamKey(text(k.getDomain(), where + ".domain"), text(k.getApp(), where + ".app"),
                    text(k.getStream(), where + ".stream"));
            String hash = text(k.getSecretHash(), where + ".secretHash");
            if (byId.put(text(k.getId(), where + ".id"), new StreamKeyTable.Grant(stream, hash)) != null) {
                throw new IllegalArgumentException(where + ".id: " + k.getId() + " is listed twice");
            }
        }
        return new StreamKeyTable(byId);
    }

    private static DomainConfig domain(SnapshotDomain node, String where) {
        if (node == null) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
        String name = text(node.getName(), where + ".name").toLowerCase(Locale.ROOT);
        DomainConfig.Type type = switch (required(node.getType(), where + ".type")) {
            case PUSH -> DomainConfig.Type.PUSH;
            case PULL -> DomainConfig.Type.PULL;
        };
        String pushDomain = node.getPushDomain() != null ? node.getPushDomain().toLowerCase(Locale.ROOT) : null;
        if (type == DomainConfig.Type.PUSH) {
            pushDomain = null; // a push domain's own pushDomain, if the control plane sends one, means nothing
        } else if (pushDomain == null) {
            throw new IllegalArgumentException(where + ".pushDomain: a pull domain must name the push domain it plays");
        }
        boolean enabled = required(node.getEnabled(), where + ".enabled");
        SigningScheme scheme = SigningScheme.valueOf(required(node.getScheme(), where + ".scheme").getValue());
        long validity = required(node.getValiditySeconds(), where + ".validitySeconds");
        if (validity <= 0) {
            throw new IllegalArgumentException(where + ".validitySeconds: must be positive");
        }
        List<JwtPublicKey> jwtKeys = new ArrayList<>();
        List<String> keys = required(node.getJwtKeys(), where + ".jwtKeys");
        for (int k = 0; k < keys.size(); k++) {
            try {
                jwtKeys.add(JwtPublicKey.parse(text(keys.get(k), where + ".jwtKeys[" + k + "]")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".jwtKeys[" + k + "]: " + e.getMessage());
            }
        }
        SigningPolicy policy;
        try {
            policy = new SigningPolicy(scheme, node.getPrimaryKey(), node.getSecondaryKey(),
                    Duration.ofSeconds(validity), jwtKeys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        RefererRules referers;
        IpRules addresses;
        try {
            referers = new RefererRules(strings(node.getRefererAllow(), where + ".refererAllow"),
                    strings(node.getRefererDeny(), where + ".refererDeny"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".referer: " + e.getMessage());
        }
        try {
            addresses = IpRules.parse(strings(node.getIpAllow(), where + ".ipAllow"),
                    strings(node.getIpDeny(), where + ".ipDeny"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".ip: " + e.getMessage());
        }
        // A snapshot saved before domains had ids loads without them; the tenant alone then ties streams to it.
        return new DomainConfig(name, type, pushDomain, new UrlVerifier(policy),
                text(node.getTenantId(), where + ".tenantId"), enabled, referers, addresses, node.getId());
    }

    static <T> T required(T value, String where) {
        if (value == null) {
            throw new IllegalArgumentException(where + ": required");
        }
        return value;
    }

    static String text(String value, String where) {
        if (required(value, where).isBlank()) {
            throw new IllegalArgumentException(where + ": must be a non-empty string");
        }
        return value.trim();
    }

    private static List<String> strings(List<String> values, String where) {
        List<String> out = new ArrayList<>(required(values, where));
        if (out.contains(null)) {
            throw new IllegalArgumentException(where + ": null in the list");
        }
        return out;
    }
}
