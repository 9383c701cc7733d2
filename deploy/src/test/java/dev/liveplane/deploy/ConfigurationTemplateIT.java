package dev.liveplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Holds the installed env templates to "every setting the service reads": each variable the control plane's shipped
 * configuration names, and each flag the shipped media node takes, has its line in the template.
 */
class ConfigurationTemplateIT {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(LIVEPLANE_[A-Z0-9_]+)");
    private static final Pattern FLAG = Pattern.compile("^\\s+(?:-\\w, )?(--[a-z-]+)", Pattern.MULTILINE);
    private static final Pattern LAUNCHER_FLAG = Pattern.compile("flag (--[a-z-]+) \"\\$\\{(LIVEPLANE_[A-Z_]+)");
    /** Flags that are no setting, or that the node reads from its own environment variable. */
    private static final Set<String> NOT_MAPPED = Set.of("--help", "--version", "--standalone", "--bootstrap-token",
            "--admin-token");

    private final Path root = Tarballs.installedRoot();

    @Test
    void controlPlaneTemplateNamesEveryVariableOfItsConfiguration() throws IOException {
        String template = Files.readString(root.resolve("etc/liveplane/control-plane.env"));
        Set<String> variables = new TreeSet<>();
        try (ZipFile jar = new ZipFile(root.resolve("opt/liveplane/control-plane/lib/control-plane.jar").toFile())) {
            for (String file : List.of("application.yml", "application-prod.yml")) {
                String yaml = new String(jar.getInputStream(jar.getEntry(file)).readAllBytes(), StandardCharsets.UTF_8);
                Matcher matcher = VARIABLE.matcher(yaml);
                while (matcher.find()) {
                    variables.add(matcher.group(1));
                }
            }
        }
        assertThat(variables).hasSizeGreaterThan(40);
        assertThat(variables).allSatisfy(variable -> assertThat(template).contains(variable + "="));
    }

    @Test
    void mediaNodeLauncherAndTemplateCoverEveryFlag() throws Exception {
        Path home = root.resolve("opt/liveplane/media-node");
        Process help = new ProcessBuilder(home.resolve("runtime/bin/java").toString(), "-jar",
                home.resolve("lib/media-node.jar").toString(), "--help").redirectErrorStream(true).start();
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Set<String> flags = new TreeSet<>();
        Matcher flag = FLAG.matcher(usage);
        while (flag.find()) {
            flags.add(flag.group(1));
        }
        assertThat(flags).as(usage).hasSizeGreaterThan(15);

        String launcher = Files.readString(home.resolve("bin/media-node"));
        String template = Files.readString(root.resolve("etc/liveplane/media-node.env"));
        Set<String> mapped = new TreeSet<>();
        Matcher line = LAUNCHER_FLAG.matcher(launcher);
        while (line.find()) {
            mapped.add(line.group(1));
            assertThat(template).contains(line.group(2) + "=");
        }
        assertThat(flags).allSatisfy(f -> assertThat(NOT_MAPPED.contains(f) || mapped.contains(f))
                .as("bin/media-node maps %s", f).isTrue());
        // --standalone is a switch of the launcher's own; the tokens the node reads from its environment.
        assertThat(launcher).contains("LIVEPLANE_STANDALONE", "args+=(--standalone)");
        assertThat(template).contains("LIVEPLANE_STANDALONE=", "LIVEPLANE_BOOTSTRAP_TOKEN=",
                "LIVEPLANE_NODE_ADMIN_TOKEN=");
    }
}
