package dev.liveplane.controlplane.tenant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.liveplane.controlplane.secret.PlatformSecrets;
import dev.liveplane.controlplane.web.BearerCredentials;
import dev.liveplane.controlplane.web.Caller;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/** Issues and checks session tokens: HS256 JWTs naming the user and the tenant, valid for one hour. */
@Singleton
final class SessionTokens implements BearerCredentials {

    static final Duration LIFETIME = Duration.ofHours(1);
    private static final String ISSUER = "liveplane";
    private static final String TENANT_CLAIM = "tid";

    private final MACSigner signer;
    private final MACVerifier verifier;

    SessionTokens(PlatformSecrets secrets) throws JOSEException {
        this.signer = new MACSigner(secrets.jwtSecret());
        this.verifier = new MACVerifier(secrets.jwtSecret());
    }

    String issue(String tenantId, String userId) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId)
                .claim(TENANT_CLAIM, tenantId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a session token", e);
        }
        return jwt.serialize();
    }

    @Override
    public Optional<Caller> authenticate(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            // Only HS256: a token claiming "none" or another algorithm is refused before its signature is read.
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            String tenantId = claims.getStringClaim(TENANT_CLAIM);
            if (!ISSUER.equals(claims.getIssuer()) || expires == null || !expires.toInstant().isAfter(Instant.now())
                    || tenantId == null) {
                return Optional.empty();
            }
            return Optional.of(new Caller(Caller.Kind.SESSION, tenantId));
        } catch (ParseException | JOSEException notOurs) {
            return Optional.empty();
        }
    }
}
