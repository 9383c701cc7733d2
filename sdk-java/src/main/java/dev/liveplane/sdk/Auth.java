package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.AuthApi;
import dev.liveplane.sdk.generated.model.LoginRequest;
import dev.liveplane.sdk.generated.model.Session;
import dev.liveplane.sdk.generated.model.SignUpRequest;

/** Sign-up and log-in, which carry no credential and so work from a client built without one. */
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

    /** Logs in; the session's {@code accessToken} goes to {@link LiveplaneClientBuilder#accessToken(String)}. */
    public Session logIn(LoginRequest request) {
        return caller.idempotent("logIn", () -> api.logIn(request));
    }
}
