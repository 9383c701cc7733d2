package dev.liveplane.sdk;

import com.nimbusds.jose.jwk.ECKey;
import dev.liveplane.sdk.generated.api.SigningApi;
import dev.liveplane.sdk.generated.model.DomainAuth;
import dev.liveplane.sdk.generated.model.DomainAuthUpdate;
import dev.liveplane.sdk.generated.model.JwtKeyRequest;
import dev.liveplane.sdk.generated.model.SignedUrlRequest;
import dev.liveplane.sdk.generated.model.SignedUrls;

/** A domain's URL-signing settings and keys, signed URLs minted by the API, and offline signers. */
public final class Signing {

    private final SigningApi api;
    private final RetryingCaller caller;

    Signing(SigningApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /** The domain's scheme, validity period and keys (shared keys included, for signing offline). */
    public DomainAuth getAuth(String domain) {
        return caller.idempotent("getDomainAuth", () -> api.getDomainAuth(domain));
    }

    /** Changes the scheme, validity period or keys; fields left null stay as they are. */
    public DomainAuth updateAuth(String domain, DomainAuthUpdate update) {
        return caller.idempotent("updateDomainAuth", () -> api.updateDomainAuth(domain, update));
    }

    /**
     * Makes a new primary key; the old primary becomes the secondary. Never repeated once it may have reached the
     * server: a second rotation would retire the key the URLs already handed out were signed with.
     */
    public DomainAuth rotateKey(String domain) {
        return caller.notIdempotent("rotateDomainKey", () -> api.rotateDomainKey(domain));
    }

    /**
     * Registers the public half of an EC P-256 key (with its {@code kid}) that playback tokens may be signed with.
     * Only the public half is sent, even when a private key is passed.
     */
    public DomainAuth addJwtKey(String domain, ECKey key) {
        JwtKeyRequest request = new JwtKeyRequest().jwk(key.toPublicJWK().toJSONString());
        // A repeat after a lost answer would be refused as a duplicate kid, so this is not retried once sent.
        return caller.notIdempotent("addJwtKey", () -> api.addJwtKey(domain, request));
    }

    /** Removes a JWT key; tokens signed with it stop working. */
    public void removeJwtKey(String domain, String kid) {
        caller.idempotent("removeJwtKey", () -> api.removeJwtKey(domain, kid));
    }

    /** Has the API mint the push URL (push domain) or the play URLs (pull domain) for one stream. */
    public SignedUrls signedUrls(String domain, SignedUrlRequest request) {
        return caller.idempotent("createSignedUrls", () -> api.createSignedUrls(domain, request));
    }

    /** Fetches the domain's signing settings once and returns a signer that mints its URLs without the network. */
    public OfflineSigner offlineSigner(String domain) {
        return OfflineSigner.builder().domain(domain).auth(getAuth(domain)).build();
    }

    /** As {@link #offlineSigner(String)}, minting ES256 tokens with {@code playbackKey} (JWT domains need one). */
    public OfflineSigner offlineSigner(String domain, ECKey playbackKey) {
        return OfflineSigner.builder().domain(domain).auth(getAuth(domain)).playbackKey(playbackKey).build();
    }
}
