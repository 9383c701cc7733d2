package dev.liveplane.controlplane.e2e;

import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.sdk.Liveplane;
import dev.liveplane.sdk.LiveplaneClient;
import dev.liveplane.sdk.generated.model.ApiKeyRequest;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.Session;
import dev.liveplane.sdk.generated.model.SignUpRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A tenant as it signs up and sets up to broadcast: an API key, a push domain and a pull domain bound to it, and the
 * signed URLs its encoder and players use, each naming a node (or a proxy in front of one) by address with the domain
 * in {@code vhost}. Its API is reached through the SDK for what the SDK has and as JSON ({@link #api()}) for the rest.
 */
final class Tenant {

    private final String id;
    private final String push;
    private final String play;
    private final LiveplaneClient sdk;
    private final JsonApi api;
    private final String apiKey;

    private Tenant(String id, String push, String play, LiveplaneClient sdk, JsonApi api, String apiKey) {
        this.apiKey = apiKey;
        this.id = id;
        this.push = push;
        this.play = play;
        this.sdk = sdk;
        this.api = api;
    }

    static Tenant signUp(URI endpoint, String label) {
        String tag = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        Session session = Liveplane.builder().endpoint(endpoint).build().auth().signUp(new SignUpRequest()
                .email(tag + "@example.com").password("a long enough password").tenantName("Usage " + tag));
        String apiKey = Liveplane.builder().endpoint(endpoint).accessToken(session.getAccessToken()).build().apiKeys()
                .create(new ApiKeyRequest().name("e2e")).getSecret();
        LiveplaneClient sdk = Liveplane.builder().endpoint(endpoint).apiKey(apiKey).build();
        String push = "push-" + tag + ".example.com";
        String play = "play-" + tag + ".example.com";
        sdk.domains().create(new DomainRequest().name(push).type(DomainType.PUSH));
        sdk.domains().create(new DomainRequest().name(play).type(DomainType.PULL).pushDomain(push));
        return new Tenant(session.getTenantId(), push, play, sdk, new JsonApi(endpoint, apiKey), apiKey);
    }

    String id() {
        return id;
    }

    String pushDomain() {
        return push;
    }

    String playDomain() {
        return play;
    }

    LiveplaneClient sdk() {
        return sdk;
    }

    JsonApi api() {
        return api;
    }

    /** The tenant's API key, for a request the SDK and {@link JsonApi} do not make (binary answers). */
    String apiKey() {
        return apiKey;
    }

    /** The signed RTMP push URL of {@code app/stream} on {@code node}. */
    String publishUrl(MediaNodeProcess node, String app, String stream) {
        return sdk.signing().offlineSigner(push).sign("rtmp://" + node.address() + ":" + node.rtmpPort() + "/" + app
                + "/" + stream + "?vhost=" + push, StreamAction.PUBLISH, in(Duration.ofMinutes(30)));
    }

    /** The signed play URL of {@code app/stream} over {@code protocol}, reaching the node at {@code hostPort}. */
    String playUrl(PlayProtocol protocol, String hostPort, String app, String stream) {
        String unsigned = switch (protocol) {
            case RTMP -> "rtmp://" + hostPort + "/" + app + "/" + stream + "?vhost=" + play;
            case HTTP_FLV -> "http://" + hostPort + "/" + app + "/" + stream + ".flv?vhost=" + play;
            case HLS -> "http://" + hostPort + "/" + app + "/" + stream + ".m3u8?vhost=" + play;
        };
        return sdk.signing().offlineSigner(play).sign(unsigned, StreamAction.PLAY, in(Duration.ofMinutes(30)));
    }

    private static Instant in(Duration duration) {
        return Instant.now().plus(duration);
    }
}
