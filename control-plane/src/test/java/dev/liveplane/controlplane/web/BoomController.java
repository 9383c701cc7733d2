package dev.liveplane.controlplane.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** A route that fails the way a bug would, for tests of what a failing request logs; only when a test asks. */
@Requires(property = "liveplane.test.boom-route", value = "true")
@Controller("/test/boom")
final class BoomController {

    @Get
    String boom() {
        throw new IllegalStateException("a bug, failing the same way on every retry");
    }
}
