package dev.liveplane.api.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;

/**
 * Mints ES256 playback tokens with the tenant's private key, which stays with the tenant: the SDK and tests use
 * this offline; the platform only ever holds the public half.
 */
public final class PlaybackTokenSigner {

    private final ECKey privateKey;
    private final ECDSASigner signer;

    public PlaybackTokenSigner(ECKey privateKey) {
        if (!privateKey.isPrivate() || privateKey.getKeyID() == null) {
            throw new IllegalArgumentException("needs a private EC P-256 key with a kid");
        }
        try {
            this.privateKey = privateKey;
            this.signer = new ECDSASigner(privateKey);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not an ES256 signing key: " + e.getMessage(), e);
        }
    }

    public String mint(PlaybackTokenClaims claims) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .claim(PlaybackTokenClaims.DOMAIN, claims.domain())
                .claim(PlaybackTokenClaims.STREAM, claims.streamPattern())
                .claim(PlaybackTokenClaims.ACTION, claims.action().claimValue())
                .expirationTime(new Date(claims.expiresAt() * 1000));
        if (claims.notBefore() > 0) {
            set.notBeforeTime(new Date(claims.notBefore() * 1000));
        }
        if (claims.issuedAt() > 0) {
            set.issueTime(new Date(claims.issuedAt() * 1000));
        }
        if (claims.clientIp() != null) {
            set.claim(PlaybackTokenClaims.CLIENT_IP, claims.clientIp());
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(privateKey.getKeyID())
                .type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, set.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
        return jwt.serialize();
    }

    /** The URL with {@code token=} appended after any parameters it already has. */
    public String signUrl(String url, PlaybackTokenClaims claims) {
        return StreamUrl.parse(url).withParameters(PlaybackTokenVerifier.PARAMETER + "=" + mint(claims)).toString();
    }
}
