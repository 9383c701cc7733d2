package dev.liveplane.api.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Checks ES256 playback tokens against a domain's registered public keys. A token whose signature has been checked
 * once is remembered (bounded), so a viewer reconnecting or fetching again costs no second ECDSA verification; the
 * claims are still matched against every request.
 */
final class PlaybackTokenVerifier {

    static final String PARAMETER = "token";

    /** Tokens are a few hundred bytes; anything much longer is refused before parsing. */
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final int CACHE_LIMIT = 10_000;
    /** Used for this class's verifications only, never registered JVM-wide. */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final Map<String, ECDSAVerifier> verifiersByKeyId = new HashMap<>();
    private final Map<String, PlaybackTokenClaims> verified = new ConcurrentHashMap<>();

    PlaybackTokenVerifier(Iterable<JwtPublicKey> keys) {
        for (JwtPublicKey key : keys) {
            try {
                // Translated to the provider's own key class once, not on every verification.
                ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC", BOUNCY_CASTLE)
                        .generatePublic(new X509EncodedKeySpec(key.key().toECPublicKey().getEncoded()));
                ECDSAVerifier verifier = new ECDSAVerifier(publicKey);
                verifier.getJCAContext().setProvider(BOUNCY_CASTLE);
                verifiersByKeyId.put(key.keyId(), verifier);
            } catch (JOSEException | GeneralSecurityException e) {
                throw new IllegalArgumentException("JWT key " + key.keyId() + " cannot verify ES256: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * @param validity the domain's validity period in seconds: no token may be valid for longer from now, as no
     *        signed URL the platform mints is
     */
    Verdict verify(StreamAccess access, String token, long now, long skew, long validity) {
        if (token == null || token.isEmpty()) {
            return Verdict.refused(Refusal.MISSING, "no " + PARAMETER + " parameter or bearer token");
        }
        PlaybackTokenClaims claims = verified.get(token);
        if (claims == null) {
            Object checked = checkSignature(token);
            if (checked instanceof Verdict refusal) {
                return refusal;
            }
            claims = (PlaybackTokenClaims) checked;
            if (verified.size() >= CACHE_LIMIT) {
                verified.clear(); // bounded: a flood of distinct tokens costs verifications, never memory
            }
            verified.put(token, claims);
        }
        return checkClaims(claims, access, now, skew, validity);
    }

    /** The token's claims when its header and signature are sound, else the refusal. */
    private Object checkSignature(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Verdict.refused(Refusal.MALFORMED, "token longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            // alg "none" lands here too: an unsecured JWT has no JWS header to parse.
            return token.chars().filter(c -> c == '.').count() == 2 && isUnsecured(token)
                    ? Verdict.refused(Refusal.BAD_ALGORITHM, "unsecured token (alg none)")
                    : Verdict.refused(Refusal.MALFORMED, "not a JWS compact token");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            return Verdict.refused(Refusal.BAD_ALGORITHM, "alg " + header.getAlgorithm() + ", only ES256 is accepted");
        }
        ECDSAVerifier verifier = header.getKeyID() == null ? null : verifiersByKeyId.get(header.getKeyID());
        if (verifier == null) {
            return Verdict.refused(Refusal.UNKNOWN_KEY, "kid " + header.getKeyID()
                    + " is not registered on the domain");
        }
        try {
            if (!jwt.verify(verifier)) {
                return Verdict.refused(Refusal.BAD_SIGNATURE, "ES256 signature does not verify with kid "
                        + header.getKeyID());
            }
            return claimsOf(jwt.getJWTClaimsSet());
        } catch (JOSEException | ParseException e) {
            return Verdict.refused(Refusal.MALFORMED, "unreadable token: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return Verdict.refused(Refusal.MALFORMED, e.getMessage());
        }
    }

    private static boolean isUnsecured(String token) {
        try {
            return com.nimbusds.jwt.JWTParser.parse(token) instanceof com.nimbusds.jwt.PlainJWT;
        } catch (ParseException e) {
            return false;
        }
    }

    private static PlaybackTokenClaims claimsOf(JWTClaimsSet set) throws ParseException {
        String domain = set.getStringClaim(PlaybackTokenClaims.DOMAIN);
        String stream = set.getStringClaim(PlaybackTokenClaims.STREAM);
        String action = set.getStringClaim(PlaybackTokenClaims.ACTION);
        Date exp = set.getExpirationTime();
        if (domain == null || stream == null || action == null || exp == null) {
            throw new IllegalArgumentException("token lacks one of the claims domain, stream, action, exp");
        }
        StreamAction parsedAction = switch (action) {
            case "publish" -> StreamAction.PUBLISH;
            case "play" -> StreamAction.PLAY;
            default -> throw new IllegalArgumentException("action claim must be publish or play");
        };
        return new PlaybackTokenClaims(domain.toLowerCase(Locale.ROOT), stream, parsedAction, seconds(exp),
                seconds(set.getNotBeforeTime()), seconds(set.getIssueTime()),
                set.getStringClaim(PlaybackTokenClaims.CLIENT_IP));
    }

    private static long seconds(Date date) {
        return date == null ? 0 : date.getTime() / 1000;
    }

    private static Verdict checkClaims(PlaybackTokenClaims claims, StreamAccess access, long now, long skew,
            long validity) {
        if (now > claims.expiresAt() + skew) {
            return Verdict.refused(Refusal.EXPIRED, "token expired at " + claims.expiresAt() + ", now " + now);
        }
        // A leaked token must not outlive what the domain allows any URL (the API and the SDK cap ttl the same way).
        if (claims.expiresAt() > now + validity + skew) {
            return Verdict.refused(Refusal.NOT_YET_VALID, "token exp " + claims.expiresAt() + " is more than the "
                    + "domain's validity period (" + validity + " s) ahead of now " + now);
        }
        if (claims.notBefore() > now + skew || claims.issuedAt() > now + skew) {
            return Verdict.refused(Refusal.NOT_YET_VALID, "token not valid before "
                    + Math.max(claims.notBefore(), claims.issuedAt()) + ", now " + now);
        }
        if (!claims.domain().equals(access.domain())) {
            return Verdict.refused(Refusal.WRONG_DOMAIN, "token is for domain " + claims.domain());
        }
        if (claims.action() != access.action()) {
            return Verdict.refused(Refusal.WRONG_ACTION, "token allows " + claims.action().claimValue());
        }
        if (!claims.coversStream(access.app(), access.stream())) {
            return Verdict.refused(Refusal.WRONG_STREAM, "token covers " + claims.streamPattern());
        }
        if (claims.clientIp() != null && !claims.clientIp().equals(access.clientIp())) {
            return Verdict.refused(Refusal.WRONG_CLIENT, "token is bound to another client address");
        }
        return Verdict.allowed();
    }
}
