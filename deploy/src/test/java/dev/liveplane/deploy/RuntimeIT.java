package dev.liveplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed runtime has what the services reach for at run time, beyond what starting them shows: every module
 * of runtime-modules, a CA trust store for HTTPS (S3, Route53, webhooks) and the EC provider (TLS key exchange, ES256).
 */
class RuntimeIT {

    private final Path runtime = Tarballs.installedRoot().resolve("opt/liveplane/control-plane/runtime");

    @TempDir
    Path scratch;

    @Test
    void runtimeHasEveryListedModule() throws Exception {
        List<String> listed = Files.readAllLines(Path.of("runtime-modules")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        List<String> modules = run(runtime.resolve("bin/java").toString(), "--list-modules").lines()
                .map(line -> line.split("@")[0]).toList();
        assertThat(modules).containsAll(listed);
    }

    @Test
    void runtimeTrustsPublicCertificateAuthorities() throws Exception {
        String list = run(runtime.resolve("bin/keytool").toString(), "-list", "-cacerts", "-storepass", "changeit");
        int entries = Integer.parseInt(list.replaceAll("(?s).*Your keystore contains (\\d+) entr.*", "$1"));
        assertThat(entries).as(list).isGreaterThan(100);
    }

    @Test
    void runtimeMakesEllipticCurveKeys() throws Exception {
        Path keystore = scratch.resolve("ec.p12");
        run(runtime.resolve("bin/keytool").toString(), "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-alias", "node", "-dname", "CN=node.liveplane-it.net", "-keystore",
                keystore.toString(), "-storepass", "changeit", "-storetype", "PKCS12");
        assertThat(run(runtime.resolve("bin/keytool").toString(), "-list", "-v", "-keystore", keystore.toString(),
                "-storepass", "changeit")).contains("SHA256withECDSA", "256-bit EC");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
