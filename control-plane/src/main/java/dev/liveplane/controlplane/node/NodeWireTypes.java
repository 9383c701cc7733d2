package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.ConfigDelta;
import dev.liveplane.api.node.model.ConfigSnapshot;
import dev.liveplane.api.node.model.DomainType;
import dev.liveplane.api.node.model.NodeCapacity;
import dev.liveplane.api.node.model.NodeCredential;
import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.NodeHeartbeatAck;
import dev.liveplane.api.node.model.NodeRegistration;
import dev.liveplane.api.node.model.NodeStatus;
import dev.liveplane.api.node.model.PublishedStream;
import dev.liveplane.api.node.model.RecordingReport;
import dev.liveplane.api.node.model.RecordingReportType;
import dev.liveplane.api.node.model.RecordingReportsAccepted;
import dev.liveplane.api.node.model.RejectedStreamEvent;
import dev.liveplane.api.node.model.SigningScheme;
import dev.liveplane.api.node.model.SnapshotDomain;
import dev.liveplane.api.node.model.SnapshotForbiddenStream;
import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.api.node.model.StreamEventType;
import dev.liveplane.api.node.model.StreamEventsAccepted;
import dev.liveplane.api.node.model.StreamLoad;
import dev.liveplane.api.node.model.StreamOrigin;
import dev.liveplane.api.node.model.UsageProtocol;
import dev.liveplane.api.node.model.UsageRecord;
import dev.liveplane.api.node.model.UsageRecordsAccepted;
import dev.liveplane.api.node.model.VideoTrack;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * Lets Micronaut read the node's requests and write the control plane's answers on the node protocol with the wire
 * types the api module generates from {@code api/openapi.yaml} (Jackson-annotated; Micronaut Serde honours the
 * annotations without Jackson), the same types the node writes and reads them with. The tracks of a stream event
 * also go on into webhooks ({@code callback.WebhookData}).
 *
 * <p>Requests are checked against the spec itself, not with bean validation: each body is taken as a JSON tree,
 * validated against its schema in the {@code openapi.yaml} the api jar carries ({@link NodeRequestSchemas}, schemas
 * compiled once at startup), and only then bound. Bean validation on these types failed when tried: constraints on
 * list elements ({@code List<@Valid StreamLoad>}) are type annotations, which javac 17 does not read from a compiled
 * class (JDK-8225377, fixed in 22), so nested bounds went unchecked; the generator's {@code @Valid} on
 * {@code OffsetDateTime} and {@code List} properties made Micronaut Validation refuse every heartbeat and event; and
 * {@code @JsonProperty(required = true)} turned a missing field into a 400 instead of the 422 that names it (the
 * schema now finds it first).
 */
@SerdeImport(NodeRegistration.class)
@SerdeImport(NodeCapacity.class)
@SerdeImport(NodeHeartbeat.class)
@SerdeImport(StreamLoad.class)
@SerdeImport(PublishedStream.class)
@SerdeImport(StreamEvent.class)
@SerdeImport(StreamEventType.class)
@SerdeImport(VideoTrack.class)
@SerdeImport(AudioTrack.class)
@SerdeImport(NodeCredential.class)
@SerdeImport(NodeHeartbeatAck.class)
@SerdeImport(NodeStatus.class)
@SerdeImport(StreamOrigin.class)
@SerdeImport(StreamEventsAccepted.class)
@SerdeImport(RejectedStreamEvent.class)
@SerdeImport(ConfigSnapshot.class)
@SerdeImport(ConfigDelta.class)
@SerdeImport(SnapshotDomain.class)
@SerdeImport(SnapshotForbiddenStream.class)
@SerdeImport(DomainType.class)
@SerdeImport(SigningScheme.class)
@SerdeImport(UsageRecord.class)
@SerdeImport(UsageProtocol.class)
@SerdeImport(UsageRecordsAccepted.class)
@SerdeImport(RecordingReport.class)
@SerdeImport(RecordingReportType.class)
@SerdeImport(RecordingReportsAccepted.class)
final class NodeWireTypes {

    private NodeWireTypes() {
    }
}
