package dev.liveplane.media.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.liveplane.api.signing.JwtPublicKey;
import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.UrlVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a standalone node's domains and keys from a YAML or JSON file ({@code --domains FILE}). Every mistake is
 * reported with where it is ({@code domains[1].scheme: ...}) and the file is refused whole: a node never starts on
 * half its configuration.
 *
 * <pre>
 * clockSkewSeconds: 30            # optional, default 30
 * hlsSessionSecret: "at least 16 characters"   # optional; random per start otherwise
 * hlsSessionTtlSeconds: 43200     # optional, default 12 h
 * domains:
 *   - name: push.example.com
 *     type: push
 *     scheme: A                   # A | TX | HMAC | JWT
 *     primaryKey: "..."
 *     secondaryKey: "..."         # optional
 *     validitySeconds: 1800
 *   - name: play.example.com
 *     type: pull
 *     pushDomain: push.example.com
 *     scheme: A
 *     primaryKey: "..."
 *     validitySeconds: 1800
 *     jwtKeys: [ { kty: EC, crv: P-256, kid: k1, x: "...", y: "..." } ]   # optional; ES256 public keys
 * </pre>
 */
public record DomainsFile(DomainSnapshot snapshot, byte[] hlsSessionSecret, Duration hlsSessionTtl) {

    private static final Set<String> TOP_FIELDS = Set.of("clockSkewSeconds", "hlsSessionSecret",
            "hlsSessionTtlSeconds", "domains");
    private static final Set<String> DOMAIN_FIELDS = Set.of("name", "type", "pushDomain", "scheme", "primaryKey",
            "secondaryKey", "validitySeconds", "jwtKeys");
    // RFC 1123 host names: labels of letters, digits and inner hyphens.
    private static final Pattern DOMAIN_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Duration DEFAULT_HLS_SESSION_TTL = Duration.ofHours(12);

    /** Thrown for a file that cannot be used, with a message naming the place and the problem. */
    public static final class InvalidDomainsFileException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidDomainsFileException(String message) {
            super(message);
        }
    }

    public static DomainsFile load(Path file) throws IOException, InvalidDomainsFileException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses YAML (of which JSON is a subset); {@code source} names the file in error messages. */
    public static DomainsFile parse(String text, String source) throws InvalidDomainsFileException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidDomainsFileException(source + ": not YAML or JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidDomainsFileException(source + ": expected an object with a 'domains' list");
        }
        try {
            return read(root);
        } catch (IllegalArgumentException e) {
            throw new InvalidDomainsFileException(source + ": " + e.getMessage());
        }
    }

    private static DomainsFile read(JsonNode root) {
        onlyFields(root, TOP_FIELDS, "");
        Duration skew = Duration.ofSeconds(nonNegative(root, "clockSkewSeconds", 30, ""));
        JsonNode list = root.get("domains");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("'domains' must be a list");
        }
        Map<String, DomainConfig> domains = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "domains[" + i + "]";
            DomainConfig domain = domain(list.get(i), skew, where);
            if (domains.putIfAbsent(domain.name(), domain) != null) {
                throw new IllegalArgumentException(where + ".name: " + domain.name() + " is listed twice");
            }
        }
        byte[] secret = null;
        if (root.hasNonNull("hlsSessionSecret")) {
            secret = root.get("hlsSessionSecret").asText().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 16) {
                throw new IllegalArgumentException("hlsSessionSecret: needs at least 16 characters");
            }
        }
        long ttl = nonNegative(root, "hlsSessionTtlSeconds", DEFAULT_HLS_SESSION_TTL.toSeconds(), "");
        if (ttl == 0) {
            throw new IllegalArgumentException("hlsSessionTtlSeconds: must be positive");
        }
        return new DomainsFile(new DomainSnapshot(domains), secret, Duration.ofSeconds(ttl));
    }

    private static DomainConfig domain(JsonNode node, Duration skew, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
        onlyFields(node, DOMAIN_FIELDS, where + ".");
        String name = required(node, "name", where).toLowerCase(Locale.ROOT);
        if (!DOMAIN_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ".name: '" + name + "' is not a DNS name");
        }
        DomainConfig.Type type = switch (required(node, "type", where).toLowerCase(Locale.ROOT)) {
            case "push" -> DomainConfig.Type.PUSH;
            case "pull" -> DomainConfig.Type.PULL;
            default -> throw new IllegalArgumentException(where + ".type: must be push or pull");
        };
        String pushDomain = node.hasNonNull("pushDomain") ? node.get("pushDomain").asText().toLowerCase(Locale.ROOT)
                : null;
        if ((type == DomainConfig.Type.PULL) != (pushDomain != null)) {
            throw new IllegalArgumentException(where + ".pushDomain: " + (pushDomain == null
                    ? "a pull domain must name the push domain it plays" : "only pull domains have one"));
        }
        SigningScheme scheme;
        try {
            scheme = SigningScheme.valueOf(required(node, "scheme", where).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".scheme: must be one of A, TX, HMAC, JWT");
        }
        List<JwtPublicKey> jwtKeys = new ArrayList<>();
        JsonNode keys = node.get("jwtKeys");
        if (keys != null && !keys.isNull()) {
            if (!keys.isArray()) {
                throw new IllegalArgumentException(where + ".jwtKeys: must be a list of JWKs");
            }
            for (int k = 0; k < keys.size(); k++) {
                try {
                    jwtKeys.add(JwtPublicKey.parse(keys.get(k).toString()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ".jwtKeys[" + k + "]: " + e.getMessage());
                }
            }
        }
        long validity = nonNegative(node, "validitySeconds", -1, where + ".");
        if (validity <= 0) {
            throw new IllegalArgumentException(where + ".validitySeconds: required and positive");
        }
        SigningPolicy policy;
        try {
            policy = new SigningPolicy(scheme, text(node, "primaryKey"), text(node, "secondaryKey"),
                    Duration.ofSeconds(validity), jwtKeys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        return new DomainConfig(name, type, pushDomain, new UrlVerifier(policy, skew));
    }

    private static void onlyFields(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(where + name + ": unknown field (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String required(JsonNode node, String field, String where) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "." + field + ": required");
        }
        return value.trim();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static long nonNegative(JsonNode node, String field, long fallback, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException(where + field + ": must be a whole number of seconds, 0 or more");
        }
        return value.asLong();
    }
}
