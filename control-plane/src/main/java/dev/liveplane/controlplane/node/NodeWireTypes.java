package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.ConfigSnapshot;
import dev.liveplane.api.node.model.DomainType;
import dev.liveplane.api.node.model.NodeCredential;
import dev.liveplane.api.node.model.NodeHeartbeatAck;
import dev.liveplane.api.node.model.NodeStatus;
import dev.liveplane.api.node.model.RejectedStreamEvent;
import dev.liveplane.api.node.model.SigningScheme;
import dev.liveplane.api.node.model.SnapshotDomain;
import dev.liveplane.api.node.model.SnapshotForbiddenStream;
import dev.liveplane.api.node.model.StreamEventsAccepted;
import dev.liveplane.api.node.model.StreamOrigin;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * Lets Micronaut write the control plane's answers on the node protocol with the wire types the api module
 * generates from {@code api/openapi.yaml} (Jackson-annotated; Micronaut Serde honours the annotations without
 * Jackson), the same types the node reads them with.
 *
 * <p>The node's requests are still bound to the Micronaut-generated models ({@code web.model}), which the control
 * plane checks with the spec's constraints through Micronaut Validation. Bound to the api types (generated with
 * {@code useBeanValidation}, tried in this change), most node tests failed: constraints on list elements
 * ({@code List<@Valid StreamLoad>}) are type annotations, which javac 17 does not read from a compiled class
 * (JDK-8225377, fixed in 22), so nested bounds go unchecked; the generator's {@code @Valid} on {@code OffsetDateTime}
 * and {@code List} properties makes Micronaut Validation refuse every heartbeat and event; and
 * {@code @JsonProperty(required = true)} turns a missing field into a 400 instead of the 422 that names it.
 */
@SerdeImport(NodeCredential.class)
@SerdeImport(NodeHeartbeatAck.class)
@SerdeImport(NodeStatus.class)
@SerdeImport(StreamOrigin.class)
@SerdeImport(StreamEventsAccepted.class)
@SerdeImport(RejectedStreamEvent.class)
@SerdeImport(ConfigSnapshot.class)
@SerdeImport(SnapshotDomain.class)
@SerdeImport(SnapshotForbiddenStream.class)
@SerdeImport(DomainType.class)
@SerdeImport(SigningScheme.class)
final class NodeWireTypes {

    private NodeWireTypes() {
    }
}
