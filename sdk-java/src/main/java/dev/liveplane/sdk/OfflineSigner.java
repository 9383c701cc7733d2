package dev.liveplane.sdk;

import com.nimbusds.jose.jwk.ECKey;
import dev.liveplane.api.signing.JwtPublicKey;
import dev.liveplane.api.signing.PlaybackTokenClaims;
import dev.liveplane.api.signing.PlaybackTokenSigner;
import dev.liveplane.api.signing.SignedUrlLayout;
import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.api.signing.StreamUrl;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.sdk.generated.model.DomainAuth;
import dev.liveplane.sdk.generated.model.JwtKey;
import dev.liveplane.sdk.generated.model.PlayUrls;
import dev.liveplane.sdk.generated.model.PushUrls;
import dev.liveplane.sdk.generated.model.SignedUrls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns a domain's signing settings (as {@code GET /v1/domains/{name}/auth} returns them) into signed push and play
 * URLs shaped as {@code POST /v1/domains/{name}/signed-urls} answers, without calling the API.
 */
public final class OfflineSigner {

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.~-]+$");
    private static final int MAX_APP = 64;
    private static final int MAX_STREAM = 128;
    /** The API's smallest {@code ttlSeconds}: shorter URLs would die of clock skew between signer and node. */
    private static final Duration MIN_TTL = Duration.ofSeconds(60);

    private final String domain;
    private final Duration validity;
    private final UrlSigner urlSigner;
    private final PlaybackTokenSigner tokenSigner;
    private final Clock clock;

    private OfflineSigner(Builder builder) {
        this.domain = Objects.requireNonNull(builder.domain, "domain");
        SigningPolicy policy = policy(Objects.requireNonNull(builder.auth, "auth"));
        this.validity = policy.validity();
        this.clock = builder.clock;
        if (builder.playbackKey != null) {
            requireRegistered(builder.playbackKey, policy.jwtKeys());
            this.tokenSigner = new PlaybackTokenSigner(builder.playbackKey);
            this.urlSigner = null;
        } else if (policy.scheme() == SigningScheme.JWT) {
            throw new IllegalArgumentException(domain + " signs with JWT: its tokens are signed with your private "
                    + "key, which the platform never holds; pass it to playbackKey(...)");
        } else {
            this.tokenSigner = null;
            this.urlSigner = UrlSigner.primary(policy);
        }
    }

    /**
     * Starts a signer: shared-key schemes ({@code A}, {@code TX}, {@code HMAC}) sign with the primary key; a playback
     * key (required for {@code JWT} domains) makes it mint ES256 tokens instead. Signers are thread-safe.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The push URL for {@code app/stream}, and the same split into OBS's Server and Stream Key, valid as long as the
     * domain allows.
     */
    public SignedUrls push(String app, String stream) {
        return push(app, stream, validity);
    }

    /** The push URL, valid for {@code ttl}: at least 60 s, capped by the domain's validity period as the API does. */
    public SignedUrls push(String app, String stream, Duration ttl) {
        checkName("app", app, MAX_APP);
        checkName("stream", stream, MAX_STREAM);
        Instant expiresAt = expiry(ttl);
        SignedUrlLayout.Push layout = SignedUrlLayout.push(domain, app, stream,
                url -> sign(url, StreamAction.PUBLISH, expiresAt));
        PushUrls push = new PushUrls().url(layout.url()).server(layout.server()).streamKey(layout.streamKey());
        return new SignedUrls().push(push).expiresAt(OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
    }

    /** The RTMP, HTTP-FLV and HLS play URLs for {@code app/stream}, valid as long as the domain allows. */
    public SignedUrls play(String app, String stream) {
        return play(app, stream, validity);
    }

    /** The play URLs, valid for {@code ttl}: at least 60 s, capped by the domain's validity period. */
    public SignedUrls play(String app, String stream, Duration ttl) {
        checkName("app", app, MAX_APP);
        checkName("stream", stream, MAX_STREAM);
        Instant expiresAt = expiry(ttl);
        SignedUrlLayout.Play layout = SignedUrlLayout.play(domain, app, stream,
                url -> sign(url, StreamAction.PLAY, expiresAt));
        PlayUrls play = new PlayUrls().rtmp(layout.rtmp()).flv(layout.flv()).hls(layout.hls());
        return new SignedUrls().play(play).expiresAt(OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
    }

    /**
     * Signs any stream URL of this domain so that it works until {@code expiresAt}: an {@code https://} or CDN
     * address, a node reached by IP with {@code ?vhost=}. Parameters already in the URL are kept; the signature
     * goes after them. The action matters to tokens only, which say whether they publish or play.
     */
    public String sign(String url, StreamAction action, Instant expiresAt) {
        if (tokenSigner == null) {
            return urlSigner.signUntil(url, expiresAt);
        }
        StreamUrl parsed = StreamUrl.parse(url);
        PlaybackTokenClaims claims = new PlaybackTokenClaims(domain, parsed.app() + "/" + parsed.stream(), action,
                expiresAt.getEpochSecond(), 0, 0, null);
        return tokenSigner.signUrl(url, claims);
    }

    private Instant expiry(Duration ttl) {
        if (ttl.compareTo(MIN_TTL) < 0) {
            throw new IllegalArgumentException("a signed URL must live at least " + MIN_TTL.toSeconds() + " s, not "
                    + ttl.toSeconds() + " s");
        }
        Duration lifetime = ttl.compareTo(validity) > 0 ? validity : ttl;
        return Instant.ofEpochSecond(clock.instant().getEpochSecond() + lifetime.toSeconds());
    }

    private static void checkName(String what, String value, int maxLength) {
        // The API's rule (SignedUrlRequest), '.' and '..' included: a player or proxy would read them as dot segments.
        if (value == null || value.length() > maxLength || !NAME.matcher(value).matches() || value.equals(".")
                || value.equals("..")) {
            throw new IllegalArgumentException("the " + what + " must be 1-" + maxLength
                    + " characters of A-Z a-z 0-9 _ . ~ -, not '.' or '..', not " + value);
        }
    }

    private static SigningPolicy policy(DomainAuth auth) {
        SigningScheme scheme;
        try {
            scheme = SigningScheme.valueOf(auth.getScheme().getValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("this SDK does not know the signing scheme " + auth.getScheme()
                    + "; upgrade it", e);
        }
        List<JwtPublicKey> jwtKeys = auth.getJwtKeys() == null ? List.of()
                : auth.getJwtKeys().stream().map(JwtKey::getJwk).map(JwtPublicKey::parse).toList();
        return new SigningPolicy(scheme, auth.getPrimaryKey(), auth.getSecondaryKey(),
                Duration.ofSeconds(auth.getValiditySeconds()), jwtKeys);
    }

    /** Refuses a private key whose public half the domain does not hold: every token it made would be refused. */
    private void requireRegistered(ECKey privateKey, List<JwtPublicKey> registered) {
        boolean known = registered.stream().anyMatch(key -> key.keyId().equals(privateKey.getKeyID())
                && key.key().getX().equals(privateKey.getX()) && key.key().getY().equals(privateKey.getY()));
        if (!known) {
            throw new IllegalArgumentException("the playback key " + privateKey.getKeyID() + " is not registered on "
                    + domain + "; register its public half first (signing().addJwtKey)");
        }
    }

    /** Configures an {@link OfflineSigner}: the domain and its signing settings are required. */
    public static final class Builder {

        private String domain;
        private DomainAuth auth;
        private ECKey playbackKey;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The domain's name: the host of the URLs, and the {@code domain} claim of tokens. */
        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** The domain's signing settings as {@code GET /v1/domains/{name}/auth} returns them, keys included. */
        public Builder auth(DomainAuth auth) {
            this.auth = auth;
            return this;
        }

        /**
         * The private EC P-256 key (with its {@code kid}) whose public half is registered on the domain: URLs then
         * carry an ES256 {@code token} instead of the shared-key signature. Required for {@code JWT} domains.
         */
        public Builder playbackKey(ECKey playbackKey) {
            this.playbackKey = playbackKey;
            return this;
        }

        /** The clock expiries are counted from; the system clock unless set. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public OfflineSigner build() {
            return new OfflineSigner(this);
        }
    }
}
