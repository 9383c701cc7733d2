package dev.liveplane.media.record;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.CodecConfig;
import dev.liveplane.media.server.stream.MediaFrame;
import dev.liveplane.media.server.stream.StreamInfo;
import dev.liveplane.media.server.stream.StreamSink;
import dev.liveplane.media.server.stream.TrackProbe;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one live stream into files, cut at keyframes: opens a file of each of its rule's formats when the rule
 * makes it active, starts the next file once a cycle is full, and finishes the files when the rule stops covering the
 * stream, the publisher leaves, or the spool's budget is spent (then it records nothing more of this publish and says
 * so). Runs on the recorders' executor behind a {@code QueuedSink}, never on an event loop.
 */
final class StreamRecorder implements StreamSink {

    private static final Logger log = LoggerFactory.getLogger(StreamRecorder.class);

    private final Recorders recorders;
    private final StreamInfo info;
    private final StreamKey key;
    private final TrackProbe probe = new TrackProbe();
    private MediaFrame videoHeader;
    private MediaFrame audioHeader;

    private RecordingSessions.Session session;
    private RecordingRule rule;
    private List<RecordingWriter> writers;
    private Instant fileStart;
    private long fileStartTimestamp;
    private long lastTimestamp;
    private long lastDelta;
    private boolean stopped;
    private long lastThumbnail = -1;

    StreamRecorder(Recorders recorders, StreamInfo info) {
        this.recorders = recorders;
        this.info = info;
        this.key = info.key();
    }

    @Override
    public void started(StreamInfo stream) {
    }

    @Override
    public void codecConfig(CodecConfig config) {
        videoHeader = keep(videoHeader, config.video());
        audioHeader = keep(audioHeader, config.audio());
        if (config.video() != null) {
            probe.onFrame(config.video());
        }
        if (config.audio() != null) {
            probe.onFrame(config.audio());
        }
    }

    @Override
    public void frame(MediaFrame frame) {
        if (stopped) {
            return;
        }
        probe.onFrame(frame);
        boolean cutPoint = frame.kind() == MediaFrame.Kind.VIDEO ? frame.keyframe()
                : frame.kind() == MediaFrame.Kind.AUDIO && videoHeader == null;
        try {
            if (cutPoint) {
                cut(frame);
            }
            if (writers == null) {
                return;
            }
            if (frame.timestamp() > lastTimestamp && (frame.kind() == MediaFrame.Kind.VIDEO || videoHeader == null)) {
                lastDelta = frame.timestamp() - lastTimestamp;
                lastTimestamp = frame.timestamp();
            }
            for (RecordingWriter writer : writers) {
                writer.frame(frame);
            }
            if (frame.kind() == MediaFrame.Kind.VIDEO && frame.keyframe() && thumbnailDue(frame.timestamp())) {
                lastThumbnail = frame.timestamp();
                recorders.thumbnails().take(key, videoHeader, frame, recorders.clock().instant(),
                        recorders.activeDir(), recorders.outbox(), recorders.budget());
            }
            if (recorders.budget().spent()) {
                fail("spool budget of " + recorders.budget().limit() + " bytes spent while the bucket is slow or "
                        + "unreachable");
            }
        } catch (IOException | RuntimeException e) {
            fail("cannot write the recording: " + e);
        }
    }

    @Override
    public void ended(String reason) {
        if (writers != null) {
            try {
                finishFiles();
            } catch (IOException | RuntimeException e) {
                log.warn("event=recording_finish_failed stream={} error=\"{}\"", key, e.toString());
            }
        }
        if (session != null) {
            recorders.sessions().leave(key, session, recorders.clock().instant());
        }
        videoHeader = keep(videoHeader, null);
        audioHeader = keep(audioHeader, null);
    }

    private boolean thumbnailDue(long timestamp) {
        long every = rule.thumbnailInterval().toMillis();
        return every > 0 && videoHeader != null && (lastThumbnail < 0 || timestamp - lastThumbnail >= every);
    }

    /** At a keyframe: finishes the files if the rule stopped covering the stream or the cycle is full, opens new ones. */
    private void cut(MediaFrame frame) throws IOException {
        RecordingConfig config = recorders.config().get();
        Optional<RecordingRule> now = config.ruleFor(key, info.owner().domainId());
        boolean active = now.isPresent() && config.active(now.get(), key);
        if (writers != null && (!active || !now.get().equals(rule)
                || frame.timestamp() - fileStartTimestamp >= rule.cycle().toMillis())) {
            finishFiles();
        }
        if (writers == null && active) {
            openFiles(now.get(), frame);
        }
    }

    private void openFiles(RecordingRule newRule, MediaFrame first) throws IOException {
        rule = newRule;
        Instant now = recorders.clock().instant();
        if (session == null) {
            session = recorders.sessions().join(key, rule.reconnectWindow(), now);
        }
        fileStart = now;
        fileStartTimestamp = first.timestamp();
        lastTimestamp = first.timestamp();
        lastDelta = 0;
        RecordingOutcome draft = new RecordingOutcome(null, false, info.owner().tenantId(), info.owner().domainId(),
                key.domain(), key.app(), key.stream(), session.id(), session.nextSequence(), null, null, 0, 0, now,
                null, probe.video(), probe.audio(), null);
        RecordingFile file = new RecordingFile(recorders.activeDir(), recorders.outbox(), recorders.budget(),
                Recorders.BUFFERS, rule.keys(), draft);
        CodecConfig config = new CodecConfig(null, videoHeader, audioHeader);
        List<RecordingWriter> opened = new ArrayList<>();
        try {
            for (RecordingFormat format : RecordingFormat.values()) {
                if (rule.formats().contains(format)) {
                    opened.add(recorders.writer(format, file, config, first.timestamp(), rule));
                }
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(RecordingWriter::abandon);
            throw e;
        }
        writers = opened;
        recorders.metrics().started();
        log.info("event=recording_started stream={} session={} sequence={} formats={}", key, session.id(),
                session.nextSequence(), rule.formats());
    }

    private void finishFiles() throws IOException {
        List<RecordingWriter> finishing = writers;
        writers = null;
        long durationMs = Math.max(0, lastTimestamp - fileStartTimestamp + lastDelta);
        Instant end = fileStart.plusMillis(durationMs);
        int sequence = session.nextSequence();
        session = new RecordingSessions.Session(session.id(), sequence + 1);
        RecordingOutcome.FileEnd ending = new RecordingOutcome.FileEnd(end, durationMs, probe.video(), probe.audio());
        IOException failure = null;
        try {
            for (RecordingWriter writer : finishing) {
                try {
                    recorders.metrics().fileFinished(writer.finish(ending));
                } catch (IOException e) {
                    failure = e;
                }
            }
        } finally {
            // Only now: whoever sees no stream recording must also see every file of it counted as finished.
            recorders.metrics().stopped();
        }
        log.info("event=recording_file_finished stream={} session={} sequence={} duration_ms={}", key,
                session.id(), sequence, durationMs);
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops recording this publish: finishes what can be finished, reports why, records nothing more. */
    private void fail(String reason) {
        stopped = true;
        if (writers != null) {
            try {
                finishFiles();
            } catch (IOException | RuntimeException e) {
                log.warn("event=recording_finish_failed stream={} error=\"{}\"", key, e.toString());
            }
        }
        recorders.metrics().failed();
        log.error("event=recording_failed stream={} reason=\"{}\"", key, reason);
        String sessionId = session != null ? session.id() : "none";
        recorders.outbox().reportNow(new RecordingOutcome(RecordingOutcome.newId(), true, info.owner().tenantId(),
                info.owner().domainId(), key.domain(), key.app(), key.stream(), sessionId, 0, null, null, 0, 0,
                recorders.clock().instant(), null, null, null, reason));
    }

    /** Holds {@code next} (retained) in place of {@code held} (released); the same frame stays held as it is. */
    private static MediaFrame keep(MediaFrame held, MediaFrame next) {
        if (held == next) {
            return held;
        }
        if (held != null) {
            held.release();
        }
        return next == null ? null : next.retain();
    }
}
