package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.UsageProtocol;
import dev.liveplane.api.node.model.UsageRecord;
import dev.liveplane.api.node.model.UsageRecordBatch;
import dev.liveplane.api.node.model.UsageRecordsAccepted;
import dev.liveplane.media.fleet.spool.Answer;
import dev.liveplane.media.fleet.spool.RecordKind;
import dev.liveplane.media.server.usage.MeteredUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Usage records as the spooled reporter carries them: spooled as the spec's {@code UsageRecord} JSON (its id, chosen
 * once by the meter and kept across replays, is what the control plane de-duplicates on, so a record sent again after
 * a crash or an outage counts once), posted as a {@code UsageRecordBatch} to {@code POST .../usage} (reportUsage);
 * {@link NodeBatchPost} reads the answer into what the reporter does next.
 */
final class UsageRecordSender implements RecordKind<UsageRecord> {

    private final NodeBatchPost post;

    UsageRecordSender(ControlPlaneClient client, Registration registration, Consumer<String> deleted,
            Executor agent) {
        this.post = new NodeBatchPost("usage", client::usage,
                body -> NodeJson.read(body, UsageRecordsAccepted.class).getRejected(), registration, deleted, agent);
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
        return post.ready();
    }

    @Override
    public CompletableFuture<Answer> send(List<UsageRecord> batch) {
        UsageRecordBatch body = new UsageRecordBatch();
        body.setRecords(new ArrayList<>(batch));
        return post.post(NodeJson.write(body), batch.size());
    }

    @Override
    public String describe(UsageRecord record) {
        return record.getProtocol() + " " + record.getDomain() + "/" + record.getApp() + "/" + record.getStream()
                + " bucket=" + record.getBucketStart() + " id=" + record.getId();
    }
}
