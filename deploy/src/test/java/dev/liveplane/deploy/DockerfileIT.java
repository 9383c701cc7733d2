package dev.liveplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images are not built here (no Docker engine), so this holds each Dockerfile to the tarball it is made from: the
 * file it adds, the launcher it runs and the user it runs as are the tarball's.
 */
class DockerfileIT {

    private final Path root = Tarballs.installedRoot();

    @ParameterizedTest
    @ValueSource(strings = {"control-plane", "media-node"})
    void dockerfileUsesTheTarballsLayout(String service) throws IOException {
        List<String> dockerfile = Files.readAllLines(Path.of(service, "Dockerfile"));
        String sysusers = Files.readString(root.resolve("usr/lib/sysusers.d/liveplane-" + service + ".conf"));
        String user = sysusers.lines().filter(line -> line.startsWith("u ")).findFirst().orElseThrow().split(" ")[1];

        assertThat(dockerfile).contains("ADD liveplane-" + service + "-${VERSION}-linux-x64.tar.gz /opt/liveplane/",
                "USER " + user, "WORKDIR /var/lib/liveplane/" + service,
                "ENTRYPOINT [\"/opt/liveplane/" + service + "/bin/" + service + "\"]");
        assertThat(dockerfile).anyMatch(line -> line.contains("ln -s liveplane-" + service + "-${VERSION} /opt/liveplane/"
                + service));
        assertThat(dockerfile).anyMatch(line -> line.endsWith("--shell /usr/sbin/nologin " + user));
        assertThat(root.resolve("opt/liveplane/" + service + "/bin/" + service)).isExecutable();
    }
}
