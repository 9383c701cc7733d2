package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.RejectedStreamEvent;
import dev.liveplane.api.node.model.UsageProtocol;
import dev.liveplane.api.node.model.UsageRecord;
import dev.liveplane.api.node.model.UsageRecordBatch;
import dev.liveplane.api.node.model.UsageRecordsAccepted;
import dev.liveplane.media.fleet.spool.Answer;
import dev.liveplane.media.fleet.spool.RecordKind;
import dev.liveplane.media.server.usage.MeteredUsage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage records as the spooled reporter carries them: spooled as the spec's {@code UsageRecord} JSON (its id, chosen
 * once by the meter and kept across replays, is what the control plane de-duplicates on, so a record sent again after
 * a crash or an outage counts once), posted as a {@code UsageRecordBatch} to {@code POST .../usage} (reportUsage),
 * the answer read into what the reporter does next: 202 counted (with the records it set aside), 400/413/422 refused
 * whole (split down to the record at fault), 401/403 a credential to renew, 410 the node deleted, the rest retried.
 */
final class UsageRecordSender implements RecordKind<UsageRecord> {

    private static final Logger log = LoggerFactory.getLogger(UsageRecordSender.class);

    private final ControlPlaneClient client;
    private final Registration registration;
    private final Consumer<String> deleted;
    private final Executor agent;
    private NodeIdentity ready;

    UsageRecordSender(ControlPlaneClient client, Registration registration, Consumer<String> deleted,
            Executor agent) {
        this.client = client;
        this.registration = registration;
        this.deleted = deleted;
        this.agent = agent;
    }

    /** The spec's record of one metered delta. */
    static UsageRecord toWire(MeteredUsage usage) {
        UsageRecord record = new UsageRecord();
        record.setId(usage.id());
        record.setTenantId(usage.key().tenantId());
        // A snapshot without domain ids (saved before the control plane sent them) names no registration.
        record.setDomainId(usage.key().domainId() == null ? "" : usage.key().domainId());
        record.setDomain(usage.key().domain());
        record.setApp(usage.key().app());
        record.setStream(usage.key().stream());
        record.setProtocol(UsageProtocol.fromValue(usage.key().protocol().wire()));
        record.setBucketStart(usage.bucketStart().atOffset(ZoneOffset.UTC));
        record.setBytes(usage.bytes());
        record.setViewerSeconds(usage.viewerSeconds());
        record.setPeakViewers(usage.peakViewers());
        return record;
    }

    @Override
    public byte[] encode(UsageRecord record) {
        return NodeJson.write(record).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public UsageRecord decode(byte[] bytes) throws IOException {
        return NodeJson.MAPPER.readValue(bytes, UsageRecord.class);
    }

    @Override
    public boolean ready() {
        ready = registration.identityOrRegister();
        return ready != null;
    }

    @Override
    public CompletableFuture<Answer> send(List<UsageRecord> batch) {
        NodeIdentity used = ready;
        UsageRecordBatch body = new UsageRecordBatch();
        body.setRecords(new ArrayList<>(batch));
        // Answered on the agent's thread: a 401 or a 410 changes the registration, which is that thread's.
        return client.usage(used, NodeJson.write(body)).handleAsync((response, error) -> error != null
                ? new Answer.Retry("control plane unreachable: " + AgentLoop.rootMessage(error))
                : answer(used, response, batch.size()), agent);
    }

    private Answer answer(NodeIdentity used, HttpResponse<String> response, int size) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new Answer.Accepted(setAside(response.body(), size));
        }
        if (status == 410) {
            deleted.accept(used.nodeId());
            return new Answer.Stop();
        }
        if (status == 401 || status == 403) {
            registration.credentialRejected(used, status);
            return new Answer.Retry(null);
        }
        if (status == 400 || status == 413 || status == 422) {
            return new Answer.Refused("HTTP " + status + ": " + response.body());
        }
        return new Answer.Retry("usage: HTTP " + status);
    }

    /** The records a 202 names as set aside, by their place in the batch. */
    private static Map<Integer, String> setAside(String body, int size) {
        List<RejectedStreamEvent> rejected;
        try {
            rejected = NodeJson.read(body, UsageRecordsAccepted.class).getRejected();
        } catch (IOException | RuntimeException e) {
            // An answer the spec does not describe cannot name what it set aside; the batch was counted (2xx).
            log.warn("event=usage_answer_unreadable batch={} reason=\"{}\"", size, e.getMessage());
            return Map.of();
        }
        Map<Integer, String> byIndex = new LinkedHashMap<>();
        if (rejected != null) {
            for (RejectedStreamEvent record : rejected) {
                if (record.getIndex() != null && record.getIndex() >= 0 && record.getIndex() < size) {
                    byIndex.put(record.getIndex(), record.getReason() == null ? "" : record.getReason());
                }
            }
        }
        return byIndex;
    }

    @Override
    public String describe(UsageRecord record) {
        return record.getProtocol() + " " + record.getDomain() + "/" + record.getApp() + "/" + record.getStream()
                + " bucket=" + record.getBucketStart() + " id=" + record.getId();
    }
}
