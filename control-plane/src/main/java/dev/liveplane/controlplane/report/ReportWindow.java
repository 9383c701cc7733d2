package dev.liveplane.controlplane.report;

import dev.liveplane.controlplane.web.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A report's time range cut into its intervals: 5 minutes, or the hours or days of a time zone, whose boundaries
 * ({@code n + 1} instants for {@code n} points) are where the zone's clocks show a whole hour or midnight, so a DST
 * day lasts 23 or 25 hours and a +05:30 zone's hours start at half past in UTC.
 */
record ReportWindow(ZoneId zone, int intervalSeconds, List<Instant> boundaries) {

    /** The most points one report answers: a 31-day month of 5-minute points. */
    static final int MAX_POINTS = 8_928;
    static final Duration MAX_SPAN = Duration.ofDays(366);
    static final Set<Integer> INTERVALS = Set.of(300, 3600, 86400);
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    /** Checks the request's range and cuts it; a 422 names each field that is wrong and what would do. */
    static ReportWindow of(Instant start, Instant end, int intervalSeconds, ZoneId zone) {
        Map<String, String> wrong = new LinkedHashMap<>();
        if (!end.isAfter(start)) {
            wrong.put("end", "must be after start");
        } else if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            wrong.put("end", "must be at most 366 days after start");
        }
        if (!onBoundary(start, intervalSeconds, zone)) {
            wrong.put("start", notOnBoundary(start, intervalSeconds, zone));
        }
        if (!onBoundary(end, intervalSeconds, zone)) {
            wrong.put("end", notOnBoundary(end, intervalSeconds, zone));
        }
        if (!wrong.isEmpty()) {
            throw ProblemException.invalidFields("The report's range does not fit its intervals", wrong);
        }
        List<Instant> boundaries = new ArrayList<>();
        for (Instant at = start; at.isBefore(end); at = next(at, intervalSeconds, zone)) {
            boundaries.add(at);
            if (boundaries.size() > MAX_POINTS) {
                throw ProblemException.invalidFields("Too many points", Map.of("end", "the range holds more than "
                        + MAX_POINTS + " points of " + intervalSeconds + " s; ask for a shorter range or a longer"
                        + " interval"));
            }
        }
        boundaries.add(end);
        return new ReportWindow(zone, intervalSeconds, List.copyOf(boundaries));
    }

    /** An IANA zone id, or a 422 naming {@code timeZone}. */
    static ZoneId zone(String id) {
        if (id == null || !ZONES.contains(id)) {
            throw ProblemException.invalidFields("Unknown time zone", Map.of("timeZone",
                    "is not an IANA time zone id (such as UTC, Europe/Berlin or Asia/Kolkata)"));
        }
        return ZoneId.of(id);
    }

    int points() {
        return boundaries.size() - 1;
    }

    Instant start() {
        return boundaries.get(0);
    }

    Instant end() {
        return boundaries.get(boundaries.size() - 1);
    }

    /** The index of the interval holding {@code at}, which lies inside the window. */
    int indexOf(Instant at) {
        int found = Collections.binarySearch(boundaries, at);
        return found >= 0 ? found : -found - 2;
    }

    /** On a boundary of the zone's intervals, and on a 5-minute bucket's start: the rollups know no finer time. */
    static boolean onBoundary(Instant at, int intervalSeconds, ZoneId zone) {
        if (at.getEpochSecond() % 300 != 0 || at.getNano() != 0) {
            return false;
        }
        return switch (intervalSeconds) {
            case 300 -> true;
            case 3600 -> {
                ZonedDateTime local = at.atZone(zone);
                yield local.getMinute() == 0 && local.getSecond() == 0 && local.getNano() == 0;
            }
            default -> startOfDay(at.atZone(zone).toLocalDate(), zone).equals(at);
        };
    }

    private static Instant next(Instant at, int intervalSeconds, ZoneId zone) {
        return intervalSeconds == 86400 ? startOfDay(at.atZone(zone).toLocalDate().plusDays(1), zone)
                : at.plusSeconds(intervalSeconds);
    }

    /** Local midnight, or the first instant of the day where a DST change skips midnight. */
    private static Instant startOfDay(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    private static String notOnBoundary(Instant at, int intervalSeconds, ZoneId zone) {
        String unit = switch (intervalSeconds) {
            case 300 -> "a multiple of 5 minutes";
            case 3600 -> "a whole hour in " + zone.getId();
            default -> "midnight in " + zone.getId();
        };
        return "must be " + unit + " for interval " + intervalSeconds + ", such as "
                + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(floor(at, intervalSeconds, zone).atZone(zone));
    }

    /** The boundary at or before {@code at}, for the refusal's example. */
    private static Instant floor(Instant at, int intervalSeconds, ZoneId zone) {
        return switch (intervalSeconds) {
            case 300 -> Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 300) * 300);
            case 3600 -> at.atZone(zone).withMinute(0).withSecond(0).withNano(0).toInstant();
            default -> startOfDay(at.atZone(zone).toLocalDate(), zone);
        };
    }
}
