package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.AuthApi;
import dev.liveplane.sdk.generated.model.LoginRequest;
import dev.liveplane.sdk.generated.model.Session;
import dev.liveplane.sdk.generated.model.SignUpRequest;

/**
 * Sign-up and log-in. These calls carry no credential, so they work from a client built without one; the session's
 * {@code accessToken} then goes to {@link LiveplaneClientBuilder#accessToken(String)}.
 */
public final class Auth {

    private final AuthApi api;
    private final RetryingCaller caller;

    Auth(AuthApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /** Creates a tenant and its first user, logged in. Not retried once sent: a repeat would find the email taken. */
    public Session signUp(SignUpRequest request) {
        return caller.notIdempotent("signUp", () -> api.signUp(request));
    }

    public Session logIn(LoginRequest request) {
        return caller.idempotent("logIn", () -> api.logIn(request));
    }
}
