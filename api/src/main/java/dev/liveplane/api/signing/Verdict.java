package dev.liveplane.api.signing;

import java.util.Objects;

/**
 * The outcome of checking one request: allowed, or refused with a reason. The detail is for the operator's log and
 * never contains a key or an expected signature.
 */
public record Verdict(Refusal refusal, String detail) {

    private static final Verdict ALLOWED = new Verdict(null, "allowed");

    public static Verdict allowed() {
        return ALLOWED;
    }

    public static Verdict refused(Refusal refusal, String detail) {
        return new Verdict(Objects.requireNonNull(refusal), detail);
    }

    public boolean isAllowed() {
        return refusal == null;
    }

    /** {@code ALLOWED} or the refusal's name: the form the test vectors use. */
    public String code() {
        return refusal == null ? "ALLOWED" : refusal.name();
    }

    @Override
    public String toString() {
        return refusal == null ? "allowed" : refusal + ": " + detail;
    }
}
