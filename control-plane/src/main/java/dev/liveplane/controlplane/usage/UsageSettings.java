package dev.liveplane.controlplane.usage;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * {@code liveplane.usage.*}: how long each granularity is kept, and how ingestion writes. The raw retention also
 * bounds how late a record may arrive: an older one is refused, since a replay of it could no longer be told from a
 * new record once its raw row is gone.
 */
@Singleton
final class UsageSettings {

    final Duration rawRetention;
    final Duration fiveMinuteRetention;
    final Duration hourlyRetention;
    final Duration dailyRetention;
    final int writers;
    final Duration wait;

    UsageSettings(@Value("${liveplane.usage.retention.raw:7d}") Duration rawRetention,
            @Value("${liveplane.usage.retention.five-minutes:62d}") Duration fiveMinuteRetention,
            @Value("${liveplane.usage.retention.hourly:400d}") Duration hourlyRetention,
            @Value("${liveplane.usage.retention.daily:1826d}") Duration dailyRetention,
            @Value("${liveplane.usage.ingest.writers:6}") int writers,
            @Value("${liveplane.usage.ingest.wait:10s}") Duration wait) {
        if (writers < 1) {
            throw new IllegalArgumentException("liveplane.usage.ingest.writers must be at least 1");
        }
        if (rawRetention.compareTo(Duration.ofHours(1)) < 0 || fiveMinuteRetention.compareTo(rawRetention) < 0
                || hourlyRetention.compareTo(fiveMinuteRetention) < 0 || dailyRetention.compareTo(hourlyRetention) < 0) {
            // A coarser granularity is rebuilt from the finer one: dropping the finer first would leave it
            // unrebuildable for a bucket marked late.
            throw new IllegalArgumentException("liveplane.usage.retention: raw (at least 1h) <= five-minutes <= hourly"
                    + " <= daily");
        }
        this.rawRetention = rawRetention;
        this.fiveMinuteRetention = fiveMinuteRetention;
        this.hourlyRetention = hourlyRetention;
        this.dailyRetention = dailyRetention;
        this.writers = writers;
        this.wait = wait;
    }
}
