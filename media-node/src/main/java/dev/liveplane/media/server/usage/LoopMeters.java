package dev.liveplane.media.server.usage;

import java.util.ArrayList;
import java.util.List;

/** What counts usage on one event loop: touched on that loop only, harvested there by a task the flusher sends. */
final class LoopMeters {

    private final List<Harvested> members = new ArrayList<>();

    void add(Harvested member) {
        members.add(member);
    }

    void remove(Harvested member) {
        members.remove(member);
    }

    void harvest(long tickMillis) {
        for (int i = members.size() - 1; i >= 0; i--) {
            members.get(i).harvest(tickMillis);
        }
    }
}
