package dev.liveplane.controlplane.web;

import java.util.Optional;

/** One kind of bearer credential (session token, API key, operator token): who it proves, if it is valid. */
public interface BearerCredentials {

    /** The caller this token proves, or empty when it is not a valid credential of this kind. */
    Optional<Caller> authenticate(String token);
}
