package dev.liveplane.controlplane.report;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

/**
 * The rollups' {@code bucket_start} in SQL: a DATETIME in UTC, bound and read as a local date-time so the JVM's own
 * time zone never enters, and a plan's ranges as one {@code OR} of half-open ranges the primary key serves.
 */
final class BucketSql {

    private BucketSql() {
    }

    static String ranges(int count) {
        return String.join(" OR ", Collections.nCopies(count, "(bucket_start >= ? AND bucket_start < ?)"));
    }

    /** Binds the ranges from parameter {@code first} on; answers the next free parameter. */
    static int bindRanges(PreparedStatement statement, int first, List<ReadPlan.Range> ranges) throws SQLException {
        int index = first;
        for (ReadPlan.Range range : ranges) {
            statement.setObject(index++, utc(range.from()));
            statement.setObject(index++, utc(range.to()));
        }
        return index;
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }
}
