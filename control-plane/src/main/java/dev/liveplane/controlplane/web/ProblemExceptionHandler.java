package dev.liveplane.controlplane.web;

import dev.liveplane.controlplane.web.model.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a {@link ProblemException} with its problem document and headers (such as {@code Retry-After}). */
@Produces
@Singleton
final class ProblemExceptionHandler implements ExceptionHandler<ProblemException, HttpResponse<Problem>> {

    // Raw HttpRequest: the interface declares it so, and an override cannot narrow it.
    @Override
    @SuppressWarnings("rawtypes")
    public HttpResponse<Problem> handle(HttpRequest request, ProblemException exception) {
        MutableHttpResponse<Problem> response = Problems.response(request, exception.type(), exception.getMessage(),
                exception.errors());
        exception.headers().forEach(response::header);
        return response;
    }
}
