package dev.liveplane.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's files at / (index.html for its pages, hashed assets for a year), each with the console's
 * Content-Security-Policy, and the API's own answers unchanged around them.
 */
@MicronautTest
class ConsoleServingTest extends ApiTestBase {

    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; media-src 'self' blob: http: https:; connect-src 'self' http: https:; "
            + "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
            + "object-src 'none'";
    private static final Pattern SCRIPT = Pattern.compile("<script\\b[^>]*\\bsrc=\"(/assets/[^\"]+\\.js)\"");
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script\\b(?![^>]*\\bsrc=)[^>]*>");
    private static final Pattern INLINE_STYLE = Pattern.compile("<style\\b|\\bstyle=");

    @Test
    void theRootIsTheAppsPageRevalidatedEachLoadUnderAPolicyWithoutInlineScript() {
        Api.Response index = api.get("/", null).expect(200);

        assertThat(index.header("Content-Type")).startsWith("text/html");
        assertThat(index.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(index.header("Content-Security-Policy")).isEqualTo(POLICY);
        assertThat(index.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(index.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(index.body()).contains("<div id=\"root\"></div>");
        assertThat(INLINE_SCRIPT.matcher(index.body()).find()).as("an inline script").isFalse();
        assertThat(INLINE_STYLE.matcher(index.body()).find()).as("an inline style").isFalse();
    }

    @Test
    void thePagesTheAppRoutesAnswerItsPage() {
        String index = api.get("/", null).body();

        for (String page : new String[] {"/login", "/domains", "/domains/push.example.com", "/streams",
                "/operator/nodes"}) {
            Api.Response response = api.get(page, null).expect(200);
            assertThat(response.body()).as(page).isEqualTo(index);
            assertThat(response.header("Cache-Control")).as(page).isEqualTo("no-cache");
        }
    }

    @Test
    void hashedAssetsAreCachedForAYearAndRevalidatedByEtag() {
        Matcher script = SCRIPT.matcher(api.get("/", null).body());
        assertThat(script.find()).isTrue();

        Api.Response asset = api.get(script.group(1), null).expect(200);

        assertThat(asset.header("Content-Type")).startsWith("text/javascript");
        assertThat(asset.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(asset.header("Content-Security-Policy")).isEqualTo(POLICY);
        assertThat(api.call("GET", script.group(1), null, null, "If-None-Match", asset.header("ETag")).status())
                .isEqualTo(304);
    }

    @Test
    void whatIsNotTheConsolesIsAnsweredAsBefore() {
        api.get("/assets/missing-0000.js", null).expectProblem(404, "not-found");
        api.get("/nothing-here", null).expectProblem(404, "not-found");
        api.get("/assets/../../application.yml", null).expectProblem(404, "not-found");
        api.call("POST", "/domains", null, null).expectProblem(404, "not-found");
        api.get("/v1/domains", null).expectProblem(401, "unauthorized");
        api.get("/V1/domains", null).expectProblem(404, "not-found");
        Api.Tenant tenant = api.signUp("Serving");
        api.get("/v1/no-such-route", tenant.token()).expectProblem(404, "not-found");
        assertThat(api.get("/docs", null).header("Content-Security-Policy")).startsWith("default-src 'none'");
    }
}
