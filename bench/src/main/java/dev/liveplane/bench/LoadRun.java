package dev.liveplane.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one load timeline on one event loop: ramps viewers up at a fixed rate, waits out the warm-up, measures a
 * window, then closes everything and turns what each viewer saw into a {@link LoadReport}. All viewer state is
 * touched on that loop only.
 */
final class LoadRun {

    /** How often a progress line goes to stderr. */
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long the primer may take to see media before the ramp starts anyway. */
    private static final long PRIMER_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long PRIMER_POLL_MILLIS = 20;

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Function<Viewer, ChannelHandler> initializer;
    private final String url;
    private final int rampPerSecond;
    private final long warmupNanos;
    private final long windowNanos;
    private final PrintStream progress;
    private final Viewer[] viewers;
    private final Channel[] channels;
    private final Promise<LoadReport> done;

    private final Viewer primer = new Viewer();
    private Channel primerChannel;
    private long primerStartNanos;
    private long startNanos;
    private int started;
    private ScheduledFuture<?> rampTask;
    private ScheduledFuture<?> progressTask;
    private long windowStartNanos;
    private long lastProgressNanos;
    private long lastProgressBytes;

    LoadRun(EventLoop loop, Bootstrap bootstrap, Function<Viewer, ChannelHandler> initializer, String url,
            int viewerCount, int rampPerSecond, long warmupNanos, long windowNanos, PrintStream progress) {
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.initializer = initializer;
        this.url = url;
        this.rampPerSecond = rampPerSecond;
        this.warmupNanos = warmupNanos;
        this.windowNanos = windowNanos;
        this.progress = progress;
        this.viewers = new Viewer[viewerCount];
        this.channels = new Channel[viewerCount];
        this.done = loop.newPromise();
    }

    /**
     * Starts the timeline; the returned future completes with the report once the window is over. A primer viewer,
     * not counted, plays first so that the generator's own class loading and JIT warm-up are not billed to the
     * server as first-media time of the first viewers.
     */
    Future<LoadReport> start() {
        loop.execute(() -> {
            primerStartNanos = System.nanoTime();
            primer.connectStarted(primerStartNanos);
            primerChannel = bootstrap.clone().handler(initializer.apply(primer)).connect().channel();
            primerChannel.closeFuture().addListener(f -> primer.closed());
            waitForPrimer();
        });
        return done;
    }

    private void waitForPrimer() {
        if (primer.hasMedia() || System.nanoTime() - primerStartNanos > PRIMER_NANOS) {
            startRamp();
        } else {
            loop.schedule(this::waitForPrimer, PRIMER_POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void startRamp() {
        startNanos = System.nanoTime();
        lastProgressNanos = startNanos;
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1) / rampPerSecond);
        rampTask = loop.scheduleAtFixedRate(this::ramp, 0, period, TimeUnit.NANOSECONDS);
        progressTask = loop.scheduleAtFixedRate(this::printProgress, PROGRESS_NANOS, PROGRESS_NANOS,
                TimeUnit.NANOSECONDS);
    }

    /** Connects as many viewers as the ramp rate allows by now; timer ticks can be late, so it catches up. */
    private void ramp() {
        long elapsed = System.nanoTime() - startNanos;
        long due = Math.min(viewers.length, 1 + elapsed * rampPerSecond / TimeUnit.SECONDS.toNanos(1));
        while (started < due) {
            connect(started++);
        }
        if (started == viewers.length) {
            rampTask.cancel(false);
            loop.schedule(this::startWindow, warmupNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void connect(int index) {
        Viewer viewer = new Viewer();
        viewers[index] = viewer;
        viewer.connectStarted(System.nanoTime());
        ChannelFuture connect = bootstrap.clone().handler(initializer.apply(viewer)).connect();
        channels[index] = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                viewer.fail("connect: " + f.cause().getClass().getSimpleName() + ": " + f.cause().getMessage());
            }
        });
        connect.channel().closeFuture().addListener(f -> viewer.closed());
    }

    private void startWindow() {
        windowStartNanos = System.nanoTime();
        for (Viewer viewer : viewers) {
            viewer.windowStarted();
        }
        progress.printf(Locale.ROOT, "[%5.1fs] measuring for %.0f s%n", seconds(windowStartNanos - startNanos),
                seconds(windowNanos));
        loop.schedule(this::finish, windowNanos, TimeUnit.NANOSECONDS);
    }

    private void finish() {
        long windowEnd = System.nanoTime();
        progressTask.cancel(false);
        List<ViewerOutcome> outcomes = new ArrayList<>(viewers.length);
        for (Viewer viewer : viewers) {
            viewer.runEnded();
            outcomes.add(viewer.outcome());
        }
        for (Channel channel : channels) {
            channel.close();
        }
        primerChannel.close();
        done.setSuccess(LoadReport.of(url, viewers.length, outcomes, windowEnd - windowStartNanos));
    }

    private void printProgress() {
        long now = System.nanoTime();
        long bytes = 0;
        int playing = 0;
        for (int i = 0; i < started; i++) {
            bytes += viewers[i].bytes();
            playing += viewers[i].playing() ? 1 : 0;
        }
        double mbps = (bytes - lastProgressBytes) * 8 / seconds(now - lastProgressNanos) / 1e6;
        progress.printf(Locale.ROOT, "[%5.1fs] started %d/%d, playing %d, receiving %.1f Mbit/s%n",
                seconds(now - startNanos), started, viewers.length, playing, mbps);
        lastProgressNanos = now;
        lastProgressBytes = bytes;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
