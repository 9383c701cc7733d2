package dev.liveplane.controlplane.signing;

import dev.liveplane.api.signing.SigningScheme;
import java.util.List;

/** A domain's signing settings with its keys opened, ready to show to its tenant or to sign with. */
record SigningSettings(SigningScheme scheme, long validitySeconds, String primaryKey, String secondaryKey,
        List<JwtKeyRow> jwtKeys) {

    @Override
    public String toString() {
        return "SigningSettings[scheme=" + scheme + ", validitySeconds=" + validitySeconds + "]";
    }
}
