package dev.liveplane.controlplane.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Puts a {@link RequestDeadline} into the pipeline of every HTTP/1 connection the server accepts, right after the
 * codec ({@code liveplane.http.request-deadline}, 10 s by default).
 */
@Singleton
final class RequestDeadlines implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final Duration deadline;

    RequestDeadlines(@Value("${liveplane.http.request-deadline:10s}") Duration deadline) {
        this.deadline = deadline;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    private final class Customizer implements NettyServerCustomizer {

        private final Channel connection;

        Customizer(Channel connection) {
            this.connection = connection;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(channel) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (connection != null
                    && connection.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                connection.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC,
                        "liveplane-request-deadline", new RequestDeadline(deadline));
            }
        }
    }
}
