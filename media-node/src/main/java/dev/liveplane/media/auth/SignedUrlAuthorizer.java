package dev.liveplane.media.auth;

import dev.liveplane.api.signing.StreamAccess;
import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.api.signing.Verdict;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.AuthDecision;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.StreamRequest;
import dev.liveplane.media.server.stream.StreamRequest.DeliveryProtocol;
import dev.liveplane.media.server.stream.StreamRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Authorizes publishes and plays by the signed URLs of the domains the node knows: push domains take publishes, pull
 * domains plays of their push domain's streams, each checked against the domain's signing policy. What the snapshot
 * blocks is refused first: disabled domains, forbidden streams (publish), suspended tenants (play); then the domain's
 * IP rules and, for plays, its referer rules. An HLS playlist request that passes opens an HLS session whose token
 * its child playlist and segments carry. Addresses that keep failing get their refusals delayed, never their allowed
 * requests. An HTTP-FLV pull of a push domain's stream with a valid {@link StreamTokens} token is another node's
 * relay and is allowed as such. Every allowed request carries the registration of its push domain
 * ({@link DomainOwner}), so it reaches only streams published under that registration. A publish whose stream name
 * is one of the snapshot's persistent stream keys ({@link StreamKeyTable}) needs no signature and publishes the
 * key's stream. Runs on the calling thread; only a delay leaves it.
 */
public final class SignedUrlAuthorizer implements PublishAuthorizer, PlayAuthorizer {

    private final Supplier<DomainSnapshot> domains;
    private final StreamTokens hlsSessions;
    private final FailureThrottle throttle;
    private final Clock clock;

    public SignedUrlAuthorizer(Supplier<DomainSnapshot> domains, StreamTokens hlsSessions, FailureThrottle throttle,
            Clock clock) {
        this.domains = domains;
        this.hlsSessions = hlsSessions;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    public CompletionStage<AuthDecision> authorizePublish(StreamRequest request) {
        return decide(request, StreamAction.PUBLISH);
    }

    @Override
    public CompletionStage<AuthDecision> authorizePlay(StreamRequest request) {
        return decide(request, StreamAction.PLAY);
    }

    private CompletionStage<AuthDecision> decide(StreamRequest request, StreamAction action) {
        String address = addressOf(request.remoteAddress());
        AuthDecision decision = evaluate(request, action, address);
        // Only a refusal waits: a guesser learns nothing quickly, and a valid request is never held for what other
        // requests from its address did.
        Duration delay = decision.allowed() ? Duration.ZERO : throttle.recordFailure(address);
        if (delay.isZero()) {
            return CompletableFuture.completedFuture(decision);
        }
        return CompletableFuture.supplyAsync(() -> decision,
                CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private AuthDecision evaluate(StreamRequest request, StreamAction action, String address) {
        StreamKey addressed = request.key();
        DomainSnapshot snapshot = domains.get();
        DomainConfig domain = snapshot.find(addressed.domain()).orElse(null);
        if (domain == null) {
            return AuthDecision.deny("unknown domain " + addressed.domain());
        }
        if (!domain.enabled()) {
            return AuthDecision.forbid("domain " + domain.name() + " is disabled");
        }
        if (action == StreamAction.PUBLISH && domain.type() != DomainConfig.Type.PUSH) {
            return AuthDecision.deny("publish on pull domain " + domain.name());
        }
        if (action == StreamAction.PLAY && domain.type() == DomainConfig.Type.PUSH
                && request.kind() == StreamRequest.Kind.RELAY_PULL) {
            // Another node of the fleet pulling the stream for its own viewers: it addresses the push domain and
            // proves fleet membership with a token under the shared secret instead of a tenant's signature.
            StreamTokens shared = snapshot.hlsSessions() != null ? snapshot.hlsSessions() : this.hlsSessions;
            String refusal = shared.relayRefusal(request.query().get(StreamTokens.RELAY_PARAMETER), addressed);
            String wanted = request.query().get(StreamTokens.RELAY_DOMAIN_ID_PARAMETER);
            if (refusal == null && wanted != null && !wanted.equals(domain.id())) {
                // The edge authorized its players under another registration of the name than this node has.
                refusal = "relay asks for domain id " + wanted + ", this node has " + domain.id();
            }
            return refusal == null ? AuthDecision.allowRelay(addressed, domain.owner()) : AuthDecision.deny(refusal);
        }
        if (action == StreamAction.PLAY && domain.type() != DomainConfig.Type.PULL) {
            return AuthDecision.deny("play on push domain " + domain.name());
        }
        if (action == StreamAction.PLAY && snapshot.isSuspended(domain.tenantId())) {
            return AuthDecision.forbid("tenant " + domain.tenantId() + " is suspended");
        }
        // A publish whose stream name is a persistent stream key publishes the key's stream, signature or not.
        StreamKeyTable.Match key = action == StreamAction.PUBLISH ? snapshot.streamKeys().match(addressed)
                : StreamKeyTable.Match.NOT_A_KEY;
        if (key.refusal() != null) {
            return AuthDecision.deny(key.refusal());
        }
        StreamKey stream = key.isKey() ? key.stream() : action == StreamAction.PUBLISH ? addressed
                : new StreamKey(domain.pushDomain(), addressed.app(), addressed.stream());
        // A play reaches only a stream published under the registration its push domain has now.
        DomainOwner owner = action == StreamAction.PUBLISH ? domain.owner()
                : snapshot.find(domain.pushDomain()).map(DomainConfig::owner).orElseThrow();
        if (action == StreamAction.PUBLISH && snapshot.isForbidden(stream, clock.instant())) {
            return AuthDecision.forbid("stream " + stream + " is forbidden");
        }
        String ruleRefusal = domain.addresses().refusal(inetAddressOf(request.remoteAddress()));
        // Referer lists are anti-leech rules for players' pages; encoders (OBS, ffmpeg) send no page at all.
        if (ruleRefusal == null && action == StreamAction.PLAY) {
            ruleRefusal = domain.referers().refusal(request.referer());
        }
        if (ruleRefusal != null) {
            return AuthDecision.deny(ruleRefusal);
        }
        if (key.isKey()) {
            return AuthDecision.allowWithStreamKey(stream, owner, key.keyId());
        }
        StreamTokens hlsSessions = snapshot.hlsSessions() != null ? snapshot.hlsSessions() : this.hlsSessions;
        String session = request.query().get(StreamTokens.SESSION_PARAMETER);
        if (request.protocol() == DeliveryProtocol.HLS_SEGMENT
                || (request.protocol() == DeliveryProtocol.HLS_PLAYLIST && session != null)) {
            String refusal = hlsSessions.sessionRefusal(session, addressed, registration(domain, owner));
            return refusal == null ? AuthDecision.allowWithHlsSession(stream, session, owner)
                    : AuthDecision.deny(refusal);
        }
        StreamAccess access = new StreamAccess(action, domain.name(), addressed.app(), addressed.stream(),
                request.uri(), request.query(), address);
        Verdict verdict = domain.verifier().verify(access, clock.instant());
        if (!verdict.isAllowed()) {
            return AuthDecision.deny(verdict.toString());
        }
        return request.protocol() == DeliveryProtocol.HLS_PLAYLIST
                ? AuthDecision.allowWithHlsSession(stream,
                        hlsSessions.issueSession(addressed, registration(domain, owner)), owner)
                : AuthDecision.allow(stream, owner);
    }

    /** The ids an HLS session is bound to: the addressed domain's and its push domain's; null without ids. */
    private static String registration(DomainConfig domain, DomainOwner owner) {
        return StreamTokens.registration(domain.id(), owner.domainId());
    }

    private static InetAddress inetAddressOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static String addressOf(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }
}
