package dev.liveplane.controlplane.web;

import dev.liveplane.controlplane.web.model.FieldError;
import dev.liveplane.controlplane.web.model.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;

/** Builds RFC 7807 problem responses, every one carrying the request id the response header also carries. */
final class Problems {

    private Problems() {
    }

    static MutableHttpResponse<Problem> response(HttpRequest<?> request, ProblemType type, String detail,
            List<FieldError> errors) {
        return HttpResponse.<Problem>status(type.status())
                .contentType(MediaType.APPLICATION_JSON_PROBLEM_TYPE)
                .body(body(request, type, detail, errors));
    }

    static Problem body(HttpRequest<?> request, ProblemType type, String detail, List<FieldError> errors) {
        Problem problem = new Problem(type.uri(), type.title(), type.status().getCode())
                .detail(detail)
                .instance(request.getPath())
                .requestId(RequestIds.of(request));
        return errors.isEmpty() ? problem : problem.errors(errors);
    }
}
