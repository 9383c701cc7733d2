package dev.liveplane.controlplane.streamkey;

import io.micronaut.core.annotation.Introspected;

/** A key nodes accept, as the config snapshot lists it. */
@Introspected
record ActiveStreamKey(String id, String domain, String app, String stream, String secretHash) {

    @Override
    public String toString() {
        return "ActiveStreamKey[id=" + id + ", domain=" + domain + "]";
    }
}
