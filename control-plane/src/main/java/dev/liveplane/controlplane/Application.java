package dev.liveplane.controlplane;

import io.micronaut.runtime.Micronaut;

/** Starts the control plane's HTTP server. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
