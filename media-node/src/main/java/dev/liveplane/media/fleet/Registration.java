package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.NodeCapacity;
import dev.liveplane.api.node.model.NodeCredential;
import dev.liveplane.api.node.model.NodeRegistration;
import dev.liveplane.media.MediaNode;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the node's identity: loads it from the state directory, registers with the bootstrap token when there is
 * none (once, however many loops wait), registers again keeping the node id when a credential is refused, and saves
 * every new or rotated credential. The identity is read anywhere; everything else runs on the agent's thread.
 */
final class Registration {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneAgent.class);

    private final FleetSettings settings;
    private final StateDir state;
    private final ControlPlaneClient client;
    private final AgentLoop loop;
    private final Backoff backoff;
    private final Consumer<String> deleted;
    private volatile NodeIdentity identity;

    // Agent thread only.
    private MediaNode node;
    private CompletableFuture<NodeIdentity> registration;
    /** The identity to name when registering again, so that the node keeps it. */
    private String previousNodeId;

    Registration(FleetSettings settings, StateDir state, ControlPlaneClient client, AgentLoop loop,
            Consumer<String> deleted) {
        this.settings = settings;
        this.state = state;
        this.client = client;
        this.loop = loop;
        this.deleted = deleted;
        this.backoff = new Backoff(settings.retryBase(), settings.retryCap());
        this.identity = load();
    }

    Optional<NodeIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    /** On the agent's thread: the node to register for; a credential already past its expiry is dropped. */
    void start(MediaNode mediaNode, Clock clock) {
        node = mediaNode;
        if (identity != null && identity.expired(clock.instant())) {
            log.info("event=credential_expired node_id={} expires_at={}", identity.nodeId(), identity.expiresAt());
            previousNodeId = identity.nodeId();
            identity = null;
        }
    }

    private NodeIdentity load() {
        try {
            return state.loadIdentity().orElse(null);
        } catch (IOException | RuntimeException e) {
            log.warn("event=identity_unreadable dir={} error=\"{}\" action=register_again", state.path(),
                    e.getMessage());
            return null;
        }
    }

    /** The identity to call with, registering first (once, however many loops wait) when there is none. */
    CompletableFuture<NodeIdentity> ensureRegistered() {
        if (identity != null) {
            return CompletableFuture.completedFuture(identity);
        }
        if (registration == null) {
            registration = new CompletableFuture<>();
            register();
        }
        return registration;
    }

    /** The identity to call with, or null while the node registers (which this starts). */
    NodeIdentity identityOrRegister() {
        if (identity == null) {
            ensureRegistered();
        }
        return identity;
    }

    private void register() {
        if (loop.closed()) {
            return;
        }
        client.register(settings.bootstrapToken(), NodeJson.write(body())).whenCompleteAsync((response, error) -> {
            if (loop.closed()) {
                return;
            }
            NodeIdentity registered = null;
            String problem;
            if (error != null) {
                problem = "control plane unreachable: " + AgentLoop.rootMessage(error);
            } else if (response.statusCode() == 410) {
                deleted.accept(previousNodeId);
                return;
            } else if (response.statusCode() == 201 || response.statusCode() == 200) {
                try {
                    registered = identity(NodeJson.read(response.body(), NodeCredential.class));
                    problem = null;
                } catch (IOException | RuntimeException e) {
                    problem = "unreadable NodeCredential: " + e.getMessage();
                }
            } else {
                problem = "HTTP " + response.statusCode() + (response.statusCode() == 401
                        ? " (the bootstrap token is not valid: revoked, expired or mistyped)" : "");
            }
            if (registered == null) {
                loop.problem("register", problem);
                loop.schedule(this::register, backoff.next());
                return;
            }
            backoff.reset();
            loop.recovered("register");
            identity = registered;
            persist();
            log.info("event=node_registered node_id={} expires_at={} heartbeat_seconds={}", registered.nodeId(),
                    registered.expiresAt(), registered.heartbeatIntervalSeconds());
            CompletableFuture<NodeIdentity> waiting = registration;
            registration = null;
            waiting.complete(registered);
        }, loop.thread());
    }

    /** {@code previousNodeId}, when known, asks to keep the identity the node held (and with it its streams). */
    private NodeRegistration body() {
        NodeRegistration body = new NodeRegistration()
                .address(settings.advertiseAddress())
                .rtmpPort(node.rtmpPort())
                .httpPort(node.httpPort())
                .region(settings.region())
                .nodeId(previousNodeId)
                .version(Registration.class.getPackage().getImplementationVersion());
        if (settings.maxViewers() > 0) {
            body.capacity(new NodeCapacity().maxViewers(settings.maxViewers()));
        }
        return body;
    }

    private static NodeIdentity identity(NodeCredential credential) throws IOException {
        if (credential.getNodeId() == null || credential.getNodeId().isBlank() || credential.getCredential() == null
                || credential.getCredential().isBlank()) {
            throw new IOException("nodeId and credential are required");
        }
        Integer heartbeat = credential.getHeartbeatIntervalSeconds();
        return new NodeIdentity(credential.getNodeId(), credential.getCredential(),
                credential.getExpiresAt() == null ? null : credential.getExpiresAt().toInstant(),
                heartbeat == null ? NodeIdentity.DEFAULT_HEARTBEAT_SECONDS : heartbeat);
    }

    /** A 401 (credential no good) or 403 (not this node's) on a call made as {@code used}: register again. */
    void credentialRejected(NodeIdentity used, int status) {
        if (identity != null && identity == used) {
            log.warn("event=credential_rejected node_id={} status={} action=register_again", used.nodeId(), status);
            previousNodeId = used.nodeId();
            identity = null;
        }
    }

    /** The heartbeat's answer carried a fresh credential for {@code used}: switch to it, if still current. */
    void rotated(NodeIdentity used, String fresh, java.time.Instant expiresAt) {
        if (identity == used && !fresh.equals(used.credential())) {
            identity = used.withCredential(fresh, expiresAt);
            persist();
            log.info("event=credential_rotated node_id={} expires_at={}", used.nodeId(), identity.expiresAt());
        }
    }

    private void persist() {
        try {
            state.saveIdentity(identity);
        } catch (IOException e) {
            log.warn("event=state_write_failed file={} error=\"{}\"", StateDir.IDENTITY_FILE, e.toString());
        }
    }
}
