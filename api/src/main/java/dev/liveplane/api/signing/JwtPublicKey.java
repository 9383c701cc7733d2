package dev.liveplane.api.signing;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;

/** One ES256 public key registered on a domain, as a JWK with a {@code kid}. */
public record JwtPublicKey(String keyId, ECKey key) {

    /**
     * Parses a JWK (JSON). Only public P-256 keys with a {@code kid} are accepted: a private key pasted by mistake
     * is refused rather than stored.
     */
    public static JwtPublicKey parse(String jwkJson) {
        JWK jwk;
        try {
            jwk = JWK.parse(jwkJson);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWK: " + e.getMessage(), e);
        }
        if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
            throw new IllegalArgumentException("a JWT key must be an EC P-256 key (kty EC, crv P-256) for ES256");
        }
        if (ec.isPrivate()) {
            throw new IllegalArgumentException("this JWK holds a private key; register the public key only");
        }
        if (ec.getKeyID() == null || ec.getKeyID().isBlank()) {
            throw new IllegalArgumentException("a JWT key needs a kid, which tokens name in their header");
        }
        return new JwtPublicKey(ec.getKeyID(), ec);
    }

    public String toJson() {
        return key.toJSONString();
    }
}
