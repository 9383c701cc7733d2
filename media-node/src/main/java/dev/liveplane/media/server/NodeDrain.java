package dev.liveplane.media.server;

/**
 * Whether the node is draining: taking no new publishes or plays while running sessions carry on. Two parties may
 * ask for it, the node itself (its admin endpoint, SIGTERM) and the operator (through the control plane); the node
 * drains while either does. Any thread.
 */
public final class NodeDrain {

    private volatile boolean local;
    private volatile boolean operator;
    private volatile Runnable onLocalChange = () -> { };

    /** Runs {@code listener} (on the caller's thread; it must not block) whenever the node's own drain changes. */
    public void onLocalChange(Runnable listener) {
        onLocalChange = listener;
    }

    public boolean draining() {
        return local || operator;
    }

    /** Whether the node itself asked to drain (and says so to the control plane). */
    public boolean localDrain() {
        return local;
    }

    public void setLocal(boolean draining) {
        boolean changed = local != draining;
        local = draining;
        if (changed) {
            onLocalChange.run();
        }
    }

    public void setOperator(boolean draining) {
        operator = draining;
    }
}
