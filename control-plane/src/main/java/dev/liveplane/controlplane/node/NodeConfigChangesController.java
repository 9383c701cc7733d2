package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Serves {@code GET /internal/v1/nodes/{id}/config/changes}, the long poll of a node that holds a snapshot: the
 * {@code ConfigDelta} from the version it holds ({@code since}) to the current one, computed once per distinct
 * {@code since} per version and shared by every node asking it, or 409 {@code config-changes-unavailable} when the
 * change log cannot give it (the node then fetches {@code /config}). The node filter guards it as it does every
 * {@code /internal/v1/nodes/{id}/...} path; written by hand for the same reason as {@link NodeConfigController}.
 */
@Controller
class NodeConfigChangesController {

    private final ConfigWatcher watcher;
    private final ConfigAnswers answers;

    NodeConfigChangesController(ConfigWatcher watcher, ConfigAnswers answers) {
        this.watcher = watcher;
        this.answers = answers;
    }

    @Get("/internal/v1/nodes/{id}/config/changes")
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    CompletableFuture<HttpResponse<byte[]>> getNodeConfigChanges(
            @PathVariable("id") @NotNull @Size(max = 64) String id,
            @QueryValue("since") @NotNull @Min(0L) Long since,
            @QueryValue(value = "waitSeconds", defaultValue = "30") @Nullable @Min(0) @Max(60) Integer waitSeconds) {
        Duration wait = Duration.ofSeconds(waitSeconds == null ? 30 : waitSeconds);
        return watcher.change(since, wait).thenCompose(current -> {
            if (current == null) {
                return CompletableFuture.completedFuture(HttpResponse.<byte[]>notModified()
                        .header(HttpHeaders.ETAG, NodeConfigController.tag(since)));
            }
            return answers.delta(since).thenApply(outcome -> {
                if (outcome instanceof ConfigDeltas.Unavailable unavailable) {
                    throw new ProblemException(ProblemType.CONFIG_CHANGES_UNAVAILABLE, unavailable.detail());
                }
                ConfigDeltas.Delta delta = (ConfigDeltas.Delta) outcome;
                return HttpResponse.ok(delta.body()).contentType(MediaType.APPLICATION_JSON_TYPE)
                        .header(HttpHeaders.ETAG, NodeConfigController.tag(delta.version()));
            });
        });
    }
}
