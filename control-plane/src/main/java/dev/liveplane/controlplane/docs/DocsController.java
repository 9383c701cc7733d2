package dev.liveplane.controlplane.docs;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * Serves the API reference without a credential: the OpenAPI document ({@code api/openapi.yaml}, byte for byte) at
 * {@code /openapi.yaml} and the page Redoc rendered from it at build time at {@code /docs}.
 */
@Controller
final class DocsController {

    private static final String YAML = "application/yaml";
    private static final String HTML = MediaType.TEXT_HTML + ";charset=utf-8";
    // The page carries everything it runs (Redoc inlined by `redocly build-docs --inlineBundle`, the spec as data),
    // so it may load nothing from elsewhere and send nothing anywhere but here. Inline scripts and styles stay
    // allowed: the page is built from our own spec, takes no input, and Redoc styles itself at run time.
    private static final String DOCS_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            + "worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final ApiReference spec = ApiReference.load("openapi.yaml", YAML);
    private final ApiReference page = ApiReference.load("index.html", HTML);

    @Get(uri = "/openapi.yaml", produces = {YAML, MediaType.ALL})
    HttpResponse<byte[]> spec(HttpRequest<?> request) {
        return spec.answer(request);
    }

    @Get(uri = "/docs", produces = {MediaType.TEXT_HTML, MediaType.ALL})
    HttpResponse<byte[]> docs(HttpRequest<?> request) {
        return page.answer(request).header("Content-Security-Policy", DOCS_POLICY);
    }
}
