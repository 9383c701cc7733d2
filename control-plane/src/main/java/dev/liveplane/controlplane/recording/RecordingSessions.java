package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.web.ProblemException;
import jakarta.inject.Singleton;

/** Reads a tenant's recording sessions; another tenant's is 404, as one that does not exist. */
@Singleton
final class RecordingSessions {

    private final RecordingSessionRepository sessions;

    RecordingSessions(RecordingSessionRepository sessions) {
        this.sessions = sessions;
    }

    RecordingSessionRow get(String tenantId, String id) {
        return sessions.findByIdAndTenantId(id, tenantId)
                .orElseThrow(() -> ProblemException.notFound("Recording session " + id));
    }
}
