package example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.sdk.Liveplane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Holds sdk-java/README.md to code that compiles: its example is {@link ReadmeExample}'s text (which the test build
 * compiles, against the SDK's public API only, from a package of its own), and its coordinates name this version.
 */
class ReadmeExampleTest {

    private static final Path README = Path.of("README.md");
    private static final Path EXAMPLE = Path.of("src/test/java/example/ReadmeExample.java");
    private static final String REGION_START = "// README: from the next line";

    @Test
    void theReadmesExampleIsReadmeExampleJavaWordForWord() throws IOException {
        String source = Files.readString(EXAMPLE);
        int start = source.indexOf('\n', source.indexOf(REGION_START)) + 1;
        String example = source.substring(start).strip();

        Matcher block = Pattern.compile("```java\\n(import dev\\.liveplane\\.sdk\\.Liveplane;\\n.*?)```",
                Pattern.DOTALL).matcher(Files.readString(README));
        assertThat(block.find()).as("a java block in README.md starting with the example's first import").isTrue();
        assertThat(block.group(1).strip())
                .as("README.md's example must be %s from its README marker on; copy it over", EXAMPLE)
                .isEqualTo(example);
    }

    @Test
    void theReadmesCoordinatesAreThisVersion() throws IOException {
        String readme = Files.readString(README);
        assertThat(readme).contains("<artifactId>sdk-java</artifactId>\n  <version>" + Liveplane.version()
                + "</version>");
        assertThat(readme).contains("dev.liveplane:sdk-java:" + Liveplane.version());
    }
}
