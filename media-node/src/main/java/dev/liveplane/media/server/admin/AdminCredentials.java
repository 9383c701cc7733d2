package dev.liveplane.media.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an {@code Authorization} header into who holds it: the node itself (its own secret from its state directory)
 * or the operator (the fleet's node-admin token), or nobody. Tokens are kept as SHA-256 digests and every one is
 * compared in constant time; {@link #toString()} never shows them.
 */
public final class AdminCredentials {

    /** Who may change a node's state over its admin port. */
    public enum Holder { NODE, OPERATOR }

    private static final String BEARER = "Bearer ";
    private static final AdminCredentials NONE = new AdminCredentials(Map.of());

    private final Map<Holder, byte[]> digests;

    private AdminCredentials(Map<Holder, byte[]> digests) {
        this.digests = digests;
    }

    /** No credential at all: every mutating admin request is refused. */
    public static AdminCredentials none() {
        return NONE;
    }

    /** The node's own token and the operator's, either of which may be null (not accepted). */
    public static AdminCredentials of(String nodeToken, String operatorToken) {
        Map<Holder, byte[]> digests = new LinkedHashMap<>();
        if (nodeToken != null && !nodeToken.isEmpty()) {
            digests.put(Holder.NODE, sha256(nodeToken));
        }
        if (operatorToken != null && !operatorToken.isEmpty()) {
            digests.put(Holder.OPERATOR, sha256(operatorToken));
        }
        return new AdminCredentials(Map.copyOf(digests));
    }

    /** Whether any credential can change this node's state. */
    public boolean configured() {
        return !digests.isEmpty();
    }

    /** The holder of the bearer token in {@code authorization}, if it is one of this node's credentials. */
    public Optional<Holder> holder(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
        Holder match = null;
        // Every digest is compared, so the time taken says nothing about which one (if any) matched.
        for (Map.Entry<Holder, byte[]> entry : digests.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), presented) && match == null) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AdminCredentials" + digests.keySet();
    }
}
