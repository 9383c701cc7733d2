package dev.liveplane.controlplane.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.Optional;
import java.util.Set;

/**
 * Serves the web console at {@code /} from the same origin as the API: its hashed assets ({@code /assets/...}) for a
 * year, immutable, and {@code index.html} for {@code /} and for the page paths the single-page app routes itself
 * ({@code /domains/push.example.com}), revalidated on every load so a deploy shows at once. Only paths under the
 * app's own top-level pages fall back to {@code index.html}, so no spelling of an API path ({@code //v1/domains},
 * {@code /V1/domains}) is ever answered 200 by the console instead of being refused. Each answer carries the console's Content-Security-Policy: scripts and styles only from
 * this origin (no inline script can run, whatever a tenant string held), media and API calls wherever the media
 * nodes are.
 *
 * <p>A filter rather than a route: a catch-all GET route would turn every other method's 404 into a 405.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ConsoleFilter implements Ordered {

    // Scripts and styles from this origin only, no inline ones. Media and fetches may go anywhere over HTTP(S): the
    // live preview reads from media nodes (HTTP-FLV and HLS through MSE, blob: URLs), Safari plays HLS from the node
    // itself, and recordings play from presigned object-store URLs, all other origins whose addresses vary.
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; media-src 'self' blob: http: https:; "
            + "connect-src 'self' http: https:; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; "
            + "form-action 'self'; object-src 'none'";
    private static final String INDEX = "index.html";
    private static final String ASSETS = "assets/";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "no-cache";
    // The first path segment of every page the console's router has (console-ui/src/app/routes.tsx).
    private static final Set<String> PAGES = Set.of("login", "signup", "api-keys", "domains", "streams",
            "recordings", "usage", "billing", "operator");

    private final ConsoleAssets assets;

    ConsoleFilter(ConsoleAssets assets) {
        this.assets = assets;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> serve(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        String path = request.getPath();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return null;
        }
        String file = path.substring(1);
        Optional<ConsoleAssets.Asset> asset = file.isEmpty() ? Optional.empty() : assets.find(file);
        if (asset.isPresent()) {
            return answer(request, asset.get(), file.startsWith(ASSETS) ? IMMUTABLE : REVALIDATE);
        }
        if (!isPage(file)) {
            return null;
        }
        // Not built into this jar (a control plane packaged without the console): the 404 it always answered.
        return assets.find(INDEX).map(index -> answer(request, index, REVALIDATE)).orElse(null);
    }

    private static MutableHttpResponse<?> answer(HttpRequest<?> request, ConsoleAssets.Asset asset,
            String cacheControl) {
        boolean unchanged = request.getHeaders().get(HttpHeaders.IF_NONE_MATCH, String.class)
                .map(asset.etag()::equals).orElse(false);
        MutableHttpResponse<?> response;
        if (unchanged) {
            response = HttpResponse.status(HttpStatus.NOT_MODIFIED);
        } else if (request.getMethod() == HttpMethod.HEAD) {
            response = HttpResponse.ok().contentType(asset.contentType()).contentLength(asset.bytes().length);
        } else {
            response = HttpResponse.ok(asset.bytes()).contentType(asset.contentType());
        }
        return response.header(HttpHeaders.ETAG, asset.etag()).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header("X-Frame-Options", "DENY");
    }

    private static boolean isPage(String file) {
        int slash = file.indexOf('/');
        return file.isEmpty() || PAGES.contains(slash < 0 ? file : file.substring(0, slash));
    }

    @Override
    public int getOrder() {
        // After the request log (FIRST), which gives every answer its X-Request-Id; before any credential check.
        return ServerFilterPhase.SECURITY.before();
    }
}
