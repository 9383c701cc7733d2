package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.liveplane.media.server.stream.AuthDecision;
import dev.liveplane.media.server.stream.OpenAuthorizer;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import dev.liveplane.media.server.stream.StreamRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An authorizer that answers late (a control-plane check, a penalty) meets a player that has already gone: the
 * answer is dropped without a word in the log, where it once took an HTTP-FLV connection's pipeline apart a second
 * time ({@code NoSuchElementException: httpAggregator}).
 */
class LateAnswerEndToEndTest {

    private static final Duration LATE = Duration.ofMillis(400);

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private LocalNode node;

    /** Allows everything, {@link #LATE}. */
    private static final class LateAuthorizer implements PublishAuthorizer, PlayAuthorizer {

        private final OpenAuthorizer open = new OpenAuthorizer();

        @Override
        public CompletionStage<AuthDecision> authorizePublish(StreamRequest request) {
            return open.authorizePublish(request);
        }

        @Override
        public CompletionStage<AuthDecision> authorizePlay(StreamRequest request) {
            return open.authorizePlay(request).thenApplyAsync(decision -> decision,
                    CompletableFuture.delayedExecutor(LATE.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @BeforeEach
    void start() throws InterruptedException {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captured.start();
        root.addAppender(captured);
        node = LocalNode.start(new LateAuthorizer());
    }

    @AfterEach
    void stop() {
        node.close();
        root.detachAppender(captured);
    }

    @Test
    void anHttpFlvPlayerThatLeftBeforeItsAllowedAnswerLeavesNoWarning() throws Exception {
        try (RawRtmpSocket publisher = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            publisher.command(0, "connect", 1, Map.of("app", "live", "tcUrl", "rtmp://127.0.0.1/live"));
            publisher.command(0, "createStream", 2, null);
            publisher.command(1, "publish", 0, null, "late", "live");
            node.awaitStream("live", "late", Duration.ofSeconds(10));
            for (int i = 0; i < 3; i++) {
                try (RawRtmpSocket player = new RawRtmpSocket(node.node.httpPort())) {
                    player.send("GET /live/late.flv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                }
            }
            Thread.sleep(LATE.multipliedBy(3).toMillis()); // every answer has come due
        }
        assertThat(captured.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
        assertThat(node.node.metrics().httpConnections()).hasValue(0);
    }
}
