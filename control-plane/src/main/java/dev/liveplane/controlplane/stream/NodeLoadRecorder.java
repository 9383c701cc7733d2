package dev.liveplane.controlplane.stream;

import dev.liveplane.api.node.model.StreamLoad;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.controlplane.domain.DomainNames;
import dev.liveplane.controlplane.node.NodeHeartbeatReceived;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what a node's heartbeat says about its streams: replaces the node's viewer counts (which lists sum over
 * every node), sets the ingest bitrate of the streams it publishes and raises the peak viewers of the publish
 * sessions it has viewers of.
 */
@Singleton
final class NodeLoadRecorder {

    private final OnlineStreamStore store;
    private final PublishSessions sessions;
    private final TransactionOperations<Connection> transactions;

    NodeLoadRecorder(OnlineStreamStore store, PublishSessions sessions,
            TransactionOperations<Connection> transactions) {
        this.store = store;
        this.sessions = sessions;
        this.transactions = transactions;
    }

    @EventListener
    void onHeartbeat(NodeHeartbeatReceived heartbeat) {
        List<OnlineStreamStore.Load> loads = merge(heartbeat.streams());
        List<OnlineStreamStore.Load> published = new ArrayList<>();
        List<StreamKey> watched = new ArrayList<>();
        for (OnlineStreamStore.Load load : loads) {
            if (load.publishing() && load.bitrateKbps() != null) {
                published.add(load);
            }
            if (load.viewers() > 0) {
                watched.add(load.key());
            }
        }
        transactions.executeWrite(status -> {
            store.replaceViewers(heartbeat.nodeId(), loads);
            store.updateBitrates(heartbeat.nodeId(), published);
            sessions.raisePeaks(watched);
            return null;
        });
    }

    /**
     * One line per stream as the database tells streams apart (ignoring case), adding up lines a node sent twice,
     * so one odd heartbeat cannot break the viewer table's primary key and fail every later one.
     */
    private static List<OnlineStreamStore.Load> merge(List<StreamLoad> streams) {
        Map<String, OnlineStreamStore.Load> merged = new LinkedHashMap<>();
        for (StreamLoad line : streams) {
            StreamKey key = new StreamKey(DomainNames.lookupName(line.getDomain()), line.getApp(), line.getStream());
            OnlineStreamStore.Load load = new OnlineStreamStore.Load(key, line.getViewers() == null ? 0
                    : line.getViewers(), Boolean.TRUE.equals(line.getPublishing()), line.getBitrateKbps());
            merged.merge(key.match(), load, (a, b) -> new OnlineStreamStore.Load(a.key(), a.viewers() + b.viewers(),
                    a.publishing() || b.publishing(), b.bitrateKbps() != null ? b.bitrateKbps() : a.bitrateKbps()));
        }
        return List.copyOf(merged.values());
    }
}
