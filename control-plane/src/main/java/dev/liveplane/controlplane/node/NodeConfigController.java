package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code GET /internal/v1/nodes/{id}/config}, the long poll of the whole config snapshot, asynchronously: a
 * waiting node holds a future in {@link ConfigWatcher}, not a thread. Written by hand rather than from the generated
 * {@code NodesApi}, which declares this route synchronously (see {@link NodeController}); nothing else declares the
 * path, so Micronaut registers it once. The body is the snapshot's bytes, serialized once per version for every
 * node, and gzipped once for every node that accepts gzip (answered with {@code Content-Encoding: gzip}, which the
 * server's own compression then leaves alone); {@code ETag} is the version, quoted as HTTP wants it. The body goes
 * out as a stream over those shared bytes, a chunk at a time as the connection takes it: answered as one buffer, each
 * response held a direct-memory copy of the whole body (6.7 MB gzipped at 100,000 domains) until sent, and a fleet
 * starting together ran the control plane out of direct memory (bench/README.md, "After deltas").
 */
@Controller
class NodeConfigController {

    private static final Pattern ENTITY_TAG = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

    private final ConfigWatcher watcher;
    private final ConfigAnswers answers;

    NodeConfigController(ConfigWatcher watcher, ConfigAnswers answers) {
        this.watcher = watcher;
        this.answers = answers;
    }

    @Get("/internal/v1/nodes/{id}/config")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    CompletableFuture<HttpResponse<InputStream>> getNodeConfig(
            @PathVariable("id") @NotNull @Size(max = 64) String id,
            @QueryValue("version") @Nullable @Min(0L) Long version,
            @QueryValue(value = "waitSeconds", defaultValue = "30") @Nullable @Min(0) @Max(60) Integer waitSeconds,
            @Header("If-None-Match") @Nullable @Size(max = 64) String ifNoneMatch,
            @Header(HttpHeaders.ACCEPT_ENCODING) @Nullable String acceptEncoding) {
        Long held = version != null ? version : versionOf(ifNoneMatch);
        Duration wait = Duration.ofSeconds(waitSeconds == null ? 30 : waitSeconds);
        return watcher.change(held, wait).thenCompose(current -> {
            if (current == null) {
                if (held == null) {
                    throw noSnapshot();
                }
                return CompletableFuture.completedFuture(
                        HttpResponse.<InputStream>notModified().header(HttpHeaders.ETAG, tag(held)));
            }
            return answers.snapshot().handle((snapshot, failure) -> {
                if (failure != null) {
                    throw noSnapshot();
                }
                boolean gzip = Gzip.accepted(acceptEncoding);
                InputStream body = new ByteArrayInputStream(gzip ? snapshot.gzipped() : snapshot.body());
                return HttpResponse.ok(body)
                        .contentType(MediaType.APPLICATION_JSON_TYPE)
                        .header(HttpHeaders.ETAG, tag(snapshot.version()))
                        .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                        .headers(headers -> {
                            if (gzip) {
                                headers.add(HttpHeaders.CONTENT_ENCODING, "gzip");
                            }
                        });
            });
        });
    }

    private static ProblemException noSnapshot() {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The control plane has no config snapshot yet "
                + "(its database is not answering); keep the one you have and poll again");
    }

    private static Long versionOf(@Nullable String ifNoneMatch) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return null;
        }
        Matcher m = ENTITY_TAG.matcher(ifNoneMatch.strip());
        if (!m.matches()) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "If-None-Match: send the ETag of the snapshot "
                    + "you hold (its version), or use ?version=");
        }
        return Long.parseLong(m.group(1));
    }

    static String tag(long version) {
        return "\"" + version + "\"";
    }
}
