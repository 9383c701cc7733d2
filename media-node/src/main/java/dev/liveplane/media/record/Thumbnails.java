package dev.liveplane.media.record;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.hls.HlsSettings;
import dev.liveplane.media.server.hls.TsSegmenter;
import dev.liveplane.media.server.stream.MediaFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a recorded stream's keyframe into JPEG thumbnails in the bucket, IVS-style: {@code
 * {domain}/{app}/{stream}/thumbnails/{unix}.jpg} and the latest as {@code .../thumbnails/latest.jpg}. The keyframe
 * goes to ffmpeg as a one-frame MPEG-TS (muxed by the segmenter live HLS uses) on its standard input, so no video
 * decoder is written here; a few run at once, and a thumbnail that finds them all busy is skipped, never queued.
 */
final class Thumbnails {

    private static final Logger log = LoggerFactory.getLogger(Thumbnails.class);
    private static final long FFMPEG_TIMEOUT_SECONDS = 10;

    private final ExecutorService executor;
    private final Semaphore running;
    private final String ffmpeg;

    Thumbnails(ExecutorService executor, int concurrent, String ffmpeg) {
        this.executor = executor;
        this.running = new Semaphore(concurrent);
        this.ffmpeg = ffmpeg;
    }

    /**
     * Takes a thumbnail of {@code keyframe} (decoded with {@code videoHeader}) taken {@code at}; on the recorder's
     * thread, returns at once. Neither frame is kept.
     */
    void take(StreamKey stream, MediaFrame videoHeader, MediaFrame keyframe, Instant at, Path active,
            RecordingOutbox outbox, SpoolBudget budget) {
        if (!running.tryAcquire()) {
            log.warn("event=thumbnail_skipped stream={} reason=\"{} thumbnails already being made\"", stream,
                    running.availablePermits());
            return;
        }
        byte[][] ts = new byte[1][];
        TsSegmenter segmenter = new TsSegmenter(stream.stream(), HlsSettings.DEFAULTS, Recorders.BUFFERS,
                segment -> {
                    ts[0] = new byte[segment.data().readableBytes()];
                    segment.data().getBytes(segment.data().readerIndex(), ts[0]);
                    segment.data().release();
                });
        segmenter.onFrame(videoHeader);
        segmenter.onFrame(keyframe);
        segmenter.end();
        segmenter.release();
        if (ts[0] == null) {
            running.release();
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    byte[] jpeg = decode(ts[0]);
                    String prefix = stream.domain() + "/" + stream.app() + "/" + stream.stream() + "/thumbnails/";
                    for (String name : List.of(Long.toString(at.getEpochSecond()), "latest")) {
                        Path file = Files.write(active.resolve(java.util.UUID.randomUUID() + ".jpg"), jpeg);
                        budget.add(jpeg.length);
                        outbox.submit(file, prefix + name + ".jpg", "image/jpeg", null);
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("event=thumbnail_failed stream={} error=\"{}\"", stream, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.release();
                }
            });
        } catch (RejectedExecutionException e) {
            running.release(); // the node is stopping
        }
    }

    private byte[] decode(byte[] ts) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ffmpeg, "-hide_banner", "-nostdin", "-v", "error",
                "-f", "mpegts", "-i", "pipe:0", "-frames:v", "1", "-q:v", "3", "-f", "image2", "-c:v", "mjpeg",
                "pipe:1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(ts);
            }
            byte[] jpeg = process.getInputStream().readAllBytes();
            if (!process.waitFor(FFMPEG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("ffmpeg took over " + FFMPEG_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0 || jpeg.length == 0) {
                throw new IOException("ffmpeg could not decode the keyframe (exit " + process.exitValue() + ")");
            }
            return jpeg;
        } finally {
            process.destroyForcibly();
        }
    }
}
