package dev.liveplane.media.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liveplane.api.signing.JwtPublicKey;
import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.UrlVerifier;
import dev.liveplane.media.auth.DomainConfig;
import dev.liveplane.media.auth.DomainSnapshot;
import dev.liveplane.media.auth.IpRules;
import dev.liveplane.media.auth.RefererRules;
import dev.liveplane.media.auth.StreamTokens;
import dev.liveplane.media.server.stream.StreamKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
 * ({@code domains[2].scheme: ...}): a node never serves half a configuration. Unknown fields are ignored, so the
 * control plane can add some before every node knows them.
 */
public final class ConfigSnapshotReader {

    private static final Logger log = LoggerFactory.getLogger(ConfigSnapshotReader.class);
    static final Duration HLS_SESSION_TTL = Duration.ofHours(12);

    private static final ObjectMapper JSON = new ObjectMapper();

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
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSnapshotException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSnapshotException("expected a ConfigSnapshot object");
        }
        try {
            return snapshot(root);
        } catch (IllegalArgumentException e) {
            throw new InvalidSnapshotException(e.getMessage());
        }
    }

    private DomainSnapshot snapshot(JsonNode root) {
        JsonNode versionNode = required(root, "version", "");
        if (!versionNode.canConvertToLong() || versionNode.asLong() < 0) {
            throw new IllegalArgumentException("version: must be a whole number, 0 or more");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(text(root, "hlsSessionSecret", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hlsSessionSecret: not base64");
        }
        if (secret.length < 16) {
            throw new IllegalArgumentException("hlsSessionSecret: needs at least 16 bytes");
        }
        Map<String, DomainConfig> domains = new LinkedHashMap<>();
        JsonNode list = array(root, "domains", "");
        for (int i = 0; i < list.size(); i++) {
            DomainConfig domain = domain(list.get(i), "domains[" + i + "]");
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
        JsonNode forbids = array(root, "forbiddenStreams", "");
        for (int i = 0; i < forbids.size(); i++) {
            String where = "forbiddenStreams[" + i + "]";
            JsonNode f = forbids.get(i);
            StreamKey key = new StreamKey(text(f, "domain", where), text(f, "app", where), text(f, "stream", where));
            Instant until = f.hasNonNull("until") ? instant(f.get("until").asText(), where + ".until") : Instant.MAX;
            forbidden.merge(key, until, (a, b) -> a.isAfter(b) ? a : b);
        }
        Set<String> suspended = new HashSet<>();
        for (JsonNode tenant : array(root, "suspendedTenants", "")) {
            suspended.add(tenant.asText());
        }
        return new DomainSnapshot(versionNode.asLong(), domains, forbidden, suspended,
                new StreamTokens(secret, HLS_SESSION_TTL, clock));
    }

    private static DomainConfig domain(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
        String name = text(node, "name", where).toLowerCase(Locale.ROOT);
        DomainConfig.Type type = switch (text(node, "type", where).toLowerCase(Locale.ROOT)) {
            case "push" -> DomainConfig.Type.PUSH;
            case "pull" -> DomainConfig.Type.PULL;
            default -> throw new IllegalArgumentException(where + ".type: must be push or pull");
        };
        String pushDomain = node.hasNonNull("pushDomain")
                ? node.get("pushDomain").asText().toLowerCase(Locale.ROOT) : null;
        if (type == DomainConfig.Type.PUSH) {
            pushDomain = null; // a push domain's own pushDomain, if the control plane sends one, means nothing
        } else if (pushDomain == null) {
            throw new IllegalArgumentException(where + ".pushDomain: a pull domain must name the push domain it plays");
        }
        JsonNode enabled = required(node, "enabled", where);
        if (!enabled.isBoolean()) {
            throw new IllegalArgumentException(where + ".enabled: must be true or false");
        }
        SigningScheme scheme;
        try {
            scheme = SigningScheme.valueOf(text(node, "scheme", where).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".scheme: must be one of A, TX, HMAC, JWT");
        }
        JsonNode validity = required(node, "validitySeconds", where);
        if (!validity.canConvertToLong() || validity.asLong() <= 0) {
            throw new IllegalArgumentException(where + ".validitySeconds: must be positive");
        }
        List<JwtPublicKey> jwtKeys = new ArrayList<>();
        JsonNode keys = array(node, "jwtKeys", where + ".");
        for (int k = 0; k < keys.size(); k++) {
            try {
                jwtKeys.add(JwtPublicKey.parse(keys.get(k).isTextual() ? keys.get(k).asText() : keys.get(k).toString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".jwtKeys[" + k + "]: " + e.getMessage());
            }
        }
        SigningPolicy policy;
        try {
            policy = new SigningPolicy(scheme, optionalText(node, "primaryKey"), optionalText(node, "secondaryKey"),
                    Duration.ofSeconds(validity.asLong()), jwtKeys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        RefererRules referers;
        IpRules addresses;
        try {
            referers = new RefererRules(strings(node, "refererAllow", where), strings(node, "refererDeny", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".referer: " + e.getMessage());
        }
        try {
            addresses = IpRules.parse(strings(node, "ipAllow", where), strings(node, "ipDeny", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".ip: " + e.getMessage());
        }
        // A snapshot saved before domains had ids loads without them; the tenant alone then ties streams to it.
        return new DomainConfig(name, type, pushDomain, new UrlVerifier(policy),
                text(node, "tenantId", where), enabled.asBoolean(), referers, addresses, optionalText(node, "id"));
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + (where.isEmpty() || where.endsWith(".") ? "" : ".")
                    + field + ": required");
        }
        return value;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = required(node, field, where);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + (where.isEmpty() ? "" : ".") + field
                    + ": must be a non-empty string");
        }
        return value.asText().trim();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode array(JsonNode node, String field, String where) {
        JsonNode value = required(node, field, where);
        if (!value.isArray()) {
            throw new IllegalArgumentException(where + field + ": must be a list");
        }
        return value;
    }

    private static List<String> strings(JsonNode node, String field, String where) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array(node, field, where + ".")) {
            values.add(value.asText());
        }
        return values;
    }

    private static Instant instant(String text, String where) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": not an RFC 3339 date-time: " + text);
        }
    }
}
