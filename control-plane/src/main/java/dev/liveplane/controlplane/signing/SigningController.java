package dev.liveplane.controlplane.signing;

import dev.liveplane.api.signing.SignedUrlLayout;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.urls.LocalNodeUrls;
import dev.liveplane.controlplane.web.CurrentCaller;
import dev.liveplane.controlplane.web.api.SigningApi;
import dev.liveplane.controlplane.web.model.DomainAuth;
import dev.liveplane.controlplane.web.model.DomainAuthUpdate;
import dev.liveplane.controlplane.web.model.JwtKey;
import dev.liveplane.controlplane.web.model.JwtKeyRequest;
import dev.liveplane.controlplane.web.model.PlayUrls;
import dev.liveplane.controlplane.web.model.PushUrls;
import dev.liveplane.controlplane.web.model.SignedUrlRequest;
import dev.liveplane.controlplane.web.model.SignedUrls;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Serves a domain's signing settings ({@code /v1/domains/{name}/auth...}) and signed URLs. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class SigningController implements SigningApi {

    private final SigningService signing;
    private final CurrentCaller caller;
    private final LocalNodeUrls localNode;

    SigningController(SigningService signing, CurrentCaller caller, LocalNodeUrls localNode) {
        this.signing = signing;
        this.caller = caller;
        this.localNode = localNode;
    }

    @Override
    public DomainAuth getDomainAuth(String name) {
        return toApi(signing.get(caller.tenantId(), name));
    }

    @Override
    public DomainAuth updateDomainAuth(String name, DomainAuthUpdate update) {
        SigningScheme scheme = update.getScheme() == null ? null : SigningScheme.valueOf(update.getScheme().getValue());
        return toApi(signing.update(caller.tenantId(), name, scheme, update.getValiditySeconds(),
                update.getPrimaryKey(), update.getSecondaryKey()));
    }

    @Override
    public DomainAuth rotateDomainKey(String name) {
        return toApi(signing.rotate(caller.tenantId(), name));
    }

    @Override
    public DomainAuth addJwtKey(String name, JwtKeyRequest request) {
        return toApi(signing.addJwtKey(caller.tenantId(), name, request.getJwk()));
    }

    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    @Override
    public HttpResponse<Void> removeJwtKey(String name, String kid) {
        signing.removeJwtKey(caller.tenantId(), name, kid);
        return HttpResponse.noContent();
    }

    @Override
    public SignedUrls createSignedUrls(String name, SignedUrlRequest request) {
        SigningService.Mintable domain = signing.forMinting(caller.tenantId(), name);
        return toApi(SignedUrlMinter.mint(domain, request.getApp(), request.getStream(),
                request.getTtlSeconds(), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    }

    private SignedUrls toApi(MintedUrls minted) {
        SignedUrls urls = new SignedUrls(Times.utc(minted.expiresAt()));
        SignedUrlLayout.Push push = minted.push() == null ? null : localNode.push(minted.push());
        if (push != null) {
            urls.push(new PushUrls(push.url(), push.server(), push.streamKey()));
        }
        SignedUrlLayout.Play play = minted.play() == null ? null : localNode.play(minted.play());
        if (play != null) {
            urls.play(new PlayUrls(play.rtmp(), play.flv(), play.hls()));
        }
        return urls;
    }

    private static DomainAuth toApi(SigningSettings settings) {
        return new DomainAuth(dev.liveplane.controlplane.web.model.SigningScheme.fromValue(settings.scheme().name()),
                settings.validitySeconds(),
                settings.jwtKeys().stream().map(k -> new JwtKey(k.kid(), k.jwk())).toList())
                .primaryKey(settings.primaryKey())
                .secondaryKey(settings.secondaryKey());
    }
}
