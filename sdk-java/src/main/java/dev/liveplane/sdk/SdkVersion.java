package dev.liveplane.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Reads the SDK's version from the properties file the build fills in, for the User-Agent and {@link Liveplane}. */
final class SdkVersion {

    static final String VERSION = load();

    private SdkVersion() {
    }

    private static String load() {
        try (InputStream in = SdkVersion.class.getResourceAsStream("sdk.properties")) {
            if (in == null) {
                throw new IllegalStateException("sdk.properties is missing from the SDK's jar: a broken build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SDK's sdk.properties", e);
        }
    }
}
