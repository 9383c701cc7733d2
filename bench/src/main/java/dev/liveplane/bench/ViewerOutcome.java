package dev.liveplane.bench;

/**
 * What one viewer saw, frozen at the end of a run: the input of {@link LoadReport}.
 *
 * @param firstMediaNanos time from TCP connect start to the first audio or video message, or -1 if none arrived
 * @param playingAtWindowStart media had arrived before the measured window started and the connection was open
 * @param disconnected the connection closed (server close or error) after media began and before the run ended
 * @param windowBytes bytes read from the socket during the measured window (until the close, if it closed)
 * @param windowMediaMillis how far the highest media timestamp advanced during the measured window
 * @param failure why the viewer never played or was cut, or null
 */
public record ViewerOutcome(long firstMediaNanos, boolean playingAtWindowStart, boolean disconnected,
        long windowBytes, long windowMediaMillis, String failure) {

    /** True if media ever arrived. */
    public boolean connected() {
        return firstMediaNanos >= 0;
    }
}
