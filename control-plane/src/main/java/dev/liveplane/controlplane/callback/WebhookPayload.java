package dev.liveplane.controlplane.callback;

/**
 * The {@code data} of a domain's webhook ({@link WebhookData} for stream events, {@link RecordDoneData},
 * {@link RecordFailedData}): serialized as its own type, and naming the push domain the delivery is logged under.
 */
public interface WebhookPayload {

    String domain();
}
