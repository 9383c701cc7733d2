package dev.liveplane.sdk;

/** Where the SDK starts: {@code Liveplane.builder().endpoint(...).apiKey(...).build()} makes a client. */
public final class Liveplane {

    private Liveplane() {
    }

    public static LiveplaneClientBuilder builder() {
        return new LiveplaneClientBuilder();
    }

    /** This SDK's version, as its {@code User-Agent} ({@code liveplane-sdk-java/{version}}) names it. */
    public static String version() {
        return SdkVersion.VERSION;
    }
}
