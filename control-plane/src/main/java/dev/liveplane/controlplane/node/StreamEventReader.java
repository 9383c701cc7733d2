package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.api.node.model.VideoTrack;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the body of a node's events call into the events to record, each checked against the spec's
 * {@code StreamEvent} schema ({@link NodeRequestSchemas}), then read into the api module's wire type and bounded on
 * its own (codec names normalized by {@link CodecNames}), and the events set aside with why. Only a body that is not a
 * batch at all is refused whole: one bad event must not hold back the node's others.
 */
@Singleton
final class StreamEventReader {

    static final int MAX_EVENTS = 1000;
    static final int MAX_REASON_CHARS = 500;
    // DATETIME(3) holds years 1000-9999; before 1970 no node clock runs.
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final JsonMapper json;
    private final NodeRequestSchemas schemas;

    StreamEventReader(JsonMapper json, NodeRequestSchemas schemas) {
        this.json = json;
        this.schemas = schemas;
    }

    /** The batch's events in order, each either checked or rejected. */
    Read read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body must be a StreamEventBatch object");
        }
        JsonNode events = body.get("events");
        if (body.size() > (events == null ? 0 : 1)) {
            // StreamEventBatch names no other property; a body that has one is not a batch this API reads.
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body's only property must be events");
        }
        if (events == null || !events.isArray()) {
            // Unreadable as a batch at all, as a body of the wrong JSON type is everywhere else: 400.
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body's events must be an array");
        }
        if (events.size() < 1 || events.size() > MAX_EVENTS) {
            throw ProblemException.invalidField(ProblemType.VALIDATION_FAILED, "events",
                    "must hold 1 to " + MAX_EVENTS + " events");
        }
        List<Checked> checked = new ArrayList<>(events.size());
        List<RejectedEvent> rejected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode item = events.get(i);
            String problem;
            StreamEvent event = null;
            try {
                problem = schemas.violations("StreamEvent", item).stream().map(Object::toString)
                        .collect(Collectors.joining("; "));
                if (problem.isEmpty()) {
                    event = json.readValueFromTree(item, StreamEvent.class);
                    problem = problem(event);
                }
            } catch (IOException | RuntimeException e) {
                problem = "unreadable: " + NodeRequestSchemas.firstLine(e.getMessage());
            }
            if (problem == null) {
                checked.add(new Checked(i, normalized(event)));
            } else {
                rejected.add(new RejectedEvent(i, idOf(item), cut(problem, MAX_REASON_CHARS), text(json, item)));
            }
        }
        return new Read(checked, rejected);
    }

    /** What is wrong with an event that fits the spec, or null: what the columns can hold. */
    private static String problem(StreamEvent event) {
        Instant at = event.getAt().toInstant();
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            return "at: must be between " + EARLIEST + " and " + LATEST;
        }
        return trackProblem(event.getVideo(), event.getAudio());
    }

    /** What is wrong with reported tracks that fit the spec, or null (also for a recording report's tracks). */
    static String trackProblem(VideoTrack video, AudioTrack audio) {
        if (video != null && (negative(video.getWidth()) || negative(video.getHeight())
                || (video.getFrameRate() != null && !(video.getFrameRate() >= 0 && video.getFrameRate() < 1e6)))) {
            return "video: width, height and frameRate must not be negative";
        }
        if (audio != null && (negative(audio.getSampleRate()) || negative(audio.getChannels()))) {
            return "audio: sampleRate and channels must not be negative";
        }
        return null;
    }

    private static StreamEvent normalized(StreamEvent event) {
        normalize(event.getVideo(), event.getAudio());
        return event;
    }

    /** Stores the tracks' codec names as {@link CodecNames} says, in place. */
    static void normalize(VideoTrack video, AudioTrack audio) {
        if (video != null) {
            video.setCodec(CodecNames.normalize(video.getCodec()));
        }
        if (audio != null) {
            audio.setCodec(CodecNames.normalize(audio.getCodec()));
        }
    }

    private static boolean negative(Integer value) {
        return value != null && value < 0;
    }

    /** The item's id when it has a readable one, cut to the spec's 64 characters. */
    static String idOf(JsonNode item) {
        JsonNode id = item == null || !item.isObject() ? null : item.get("id");
        return id != null && id.isString() ? cut(id.getStringValue(), 64) : null;
    }

    /** The item as sent, cut to what the rejected-records log keeps. */
    static String text(JsonMapper json, JsonNode item) {
        try {
            return cut(json.writeValueAsString(item), RejectedEventLog.MAX_RECORD_CHARS);
        } catch (IOException | RuntimeException e) {
            return "(not serializable: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** At most {@code max} characters, never ending inside a surrogate pair. */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
    }

    /** The batch read: events to record with their place in the batch, and the events set aside. */
    record Read(List<Checked> events, List<RejectedEvent> rejected) {
    }

    /** One event that passed, and where it was in the batch. */
    record Checked(int index, StreamEvent event) {
    }
}
