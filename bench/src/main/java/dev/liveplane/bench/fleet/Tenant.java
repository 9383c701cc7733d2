package dev.liveplane.bench.fleet;

/** The tenant whose changes the fleet must see: its session token and its push domain. */
record Tenant(String session, String domain) {

    /** Signs up a tenant of its own for this run and adds a push domain. */
    static Tenant signUp(ControlPlaneHttp http, String runId) {
        String session = http.call("POST", "/v1/auth/signup", null, ControlPlaneHttp.object()
                .put("email", "fleet-" + runId + "@example.com").put("password", "fleet-bench-password")
                .put("tenantName", "Fleet bench " + runId)).text("accessToken");
        if (session == null) {
            throw new IllegalStateException("POST /v1/auth/signup answered without an accessToken");
        }
        String domain = "push-" + runId + ".fleet-bench.com";
        http.call("POST", "/v1/domains", session, ControlPlaneHttp.object().put("name", domain).put("type", "push"));
        return new Tenant(session, domain);
    }
}
