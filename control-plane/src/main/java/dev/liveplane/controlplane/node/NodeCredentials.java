package dev.liveplane.controlplane.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.liveplane.controlplane.secret.PlatformSecrets;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and checks node credentials: HS256 JWTs under a key of their own (never the session key) with
 * {@code sub} the node id and {@code aud} {@value #AUDIENCE}, so neither kind of token passes for the other.
 */
@Singleton
final class NodeCredentials {

    static final String AUDIENCE = "liveplane-node";
    private static final JOSEObjectType TYPE = new JOSEObjectType("node+jwt");
    /** A fleet's nodes many times over: each node presents one credential at a time, a new one twice a day. */
    private static final int MAX_PROVEN = 20_000;

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final FleetConfiguration config;
    /**
     * What each credential that passed proved, by its exact text. A node sends the same credential on every call (a
     * thousand nodes' events, heartbeats and polls: over a thousand calls a second), and parsing it and checking its
     * MAC was an eighth of the control plane's CPU on the events route (bench/README.md). The text is all a
     * credential is, under a key fixed for the process's life, so the same text passes the same checks; only its
     * expiry moves, and it is checked on every call. Credentials that fail are not kept.
     */
    private final Cache<String, NodeCaller> proven = Caffeine.newBuilder().maximumSize(MAX_PROVEN).build();

    NodeCredentials(PlatformSecrets secrets, FleetConfiguration config) throws JOSEException {
        this.signer = new MACSigner(secrets.nodeCredentialSecret());
        this.verifier = new MACVerifier(secrets.nodeCredentialSecret());
        this.config = config;
    }

    /** A credential and when it stops working. */
    record Issued(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    Issued issue(String nodeId) {
        // Whole seconds: JWT times are seconds, and the answer's expiresAt must equal the token's exp.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(config.credentialLifetime());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(nodeId)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a node credential", e);
        }
        return new Issued(jwt.serialize(), expires);
    }

    /** The node {@code token} proves, if it is a valid, unexpired node credential; revocation is checked apart. */
    Optional<NodeCaller> verify(String token) {
        NodeCaller caller = proven.getIfPresent(token);
        if (caller == null) {
            caller = check(token).orElse(null);
            if (caller == null) {
                return Optional.empty();
            }
            proven.put(token, caller);
        }
        if (!caller.expiresAt().isAfter(Instant.now())) {
            proven.invalidate(token);
            return Optional.empty();
        }
        return Optional.of(caller);
    }

    /** What the token proves if it is a node credential under this key, expired or not. */
    private Optional<NodeCaller> check(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            // Only HS256: "none" or any other algorithm is refused before the signature is even looked at.
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            List<String> audience = claims.getAudience();
            Date issued = claims.getIssueTime();
            Date expires = claims.getExpirationTime();
            String nodeId = claims.getSubject();
            if (!List.of(AUDIENCE).equals(audience) || nodeId == null || issued == null || expires == null) {
                return Optional.empty();
            }
            return Optional.of(new NodeCaller(nodeId, issued.toInstant(), expires.toInstant()));
        } catch (ParseException | JOSEException | IllegalStateException notOurs) {
            return Optional.empty();
        }
    }
}
