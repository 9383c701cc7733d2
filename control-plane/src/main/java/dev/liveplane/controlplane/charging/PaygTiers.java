package dev.liveplane.controlplane.charging;

import io.micronaut.context.exceptions.ConfigurationException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pay-as-you-go ladder: the price of a month's cumulative bytes, from {@code liveplane.charging.payg-tiers}
 * (e.g. {@code 10TB:24,50TB:23,100TB:21,1PB:18,*:15}: up to 10 TB of the month at 24 minor units per GB, the bytes
 * from 10 TB to 50 TB at 23, ..., everything past 1 PB at 15).
 *
 * <p>A GB is 2^30 bytes (TB 2^40, PB 2^50) because Alibaba Cloud Live, whose ladder this copies, converts traffic
 * units by 1024: its tier limits and per-GB prices only mean the same here with its unit.
 *
 * <p>{@link #price} is the floor of the exact price in minor units. A charge is {@code price(after) -
 * price(before)} of the month's cumulative bytes, so the charges of a month add up to the floor of the month's
 * exact price however its traffic is split into charges: a fraction of a minor unit left over by one charge is
 * carried by the month's byte count into the next, never lost and never counted twice.
 */
final class PaygTiers {

    static final long GB = 1L << 30;

    /** One step of the ladder: the month's bytes up to {@code upTo} (exclusive of earlier tiers) at {@code perGb}. */
    record Tier(long upTo, long perGb) {
    }

    private final List<Tier> tiers;

    private PaygTiers(List<Tier> tiers) {
        this.tiers = List.copyOf(tiers);
    }

    List<Tier> tiers() {
        return tiers;
    }

    /** Reads the ladder; a malformed one stops the service at boot with what is wrong. */
    static PaygTiers parse(String text) {
        List<Tier> tiers = new ArrayList<>();
        String[] steps = text.split(",");
        long previous = 0;
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i].trim();
            int colon = step.indexOf(':');
            if (colon < 0) {
                throw invalid(text, "each tier is LIMIT:PRICE, got '" + step + "'");
            }
            String limit = step.substring(0, colon).trim();
            boolean last = i == steps.length - 1;
            long upTo;
            if (limit.equals("*")) {
                if (!last) {
                    throw invalid(text, "'*' (the rest of the month) must be the last tier");
                }
                upTo = Long.MAX_VALUE;
            } else {
                if (last) {
                    throw invalid(text, "the last tier must be '*:PRICE' (the rest of the month)");
                }
                upTo = bytes(text, limit);
                if (upTo <= previous) {
                    throw invalid(text, "tier limits must grow, '" + limit + "' does not");
                }
            }
            long perGb = price(text, step.substring(colon + 1).trim());
            tiers.add(new Tier(upTo, perGb));
            previous = upTo;
        }
        return new PaygTiers(tiers);
    }

    /** The price in minor units of a month's first {@code bytes} bytes, rounded down. */
    long price(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative bytes " + bytes);
        }
        BigInteger byteUnits = BigInteger.ZERO; // sum of bytes * minor units per GB, divided by GB at the end
        long floor = 0;
        for (Tier tier : tiers) {
            long inTier = Math.min(bytes, tier.upTo()) - floor;
            if (inTier <= 0) {
                break;
            }
            byteUnits = byteUnits.add(BigInteger.valueOf(inTier).multiply(BigInteger.valueOf(tier.perGb())));
            floor = tier.upTo();
        }
        return byteUnits.divide(BigInteger.valueOf(GB)).longValueExact();
    }

    /** What {@code bytes} more cost in a month that already had {@code before} bytes. */
    long charge(long before, long bytes) {
        return price(Math.addExact(before, bytes)) - price(before);
    }

    private static long bytes(String text, String limit) {
        String upper = limit.toUpperCase(Locale.ROOT);
        int shift;
        if (upper.endsWith("GB")) {
            shift = 30;
        } else if (upper.endsWith("TB")) {
            shift = 40;
        } else if (upper.endsWith("PB")) {
            shift = 50;
        } else {
            throw invalid(text, "a tier limit is a whole number of GB, TB or PB, got '" + limit + "'");
        }
        long amount = number(text, upper.substring(0, upper.length() - 2).trim());
        if (amount <= 0 || amount > (Long.MAX_VALUE >> shift)) {
            throw invalid(text, "tier limit '" + limit + "' out of range");
        }
        return amount << shift;
    }

    private static long price(String text, String price) {
        long value = number(text, price);
        if (value < 0) {
            throw invalid(text, "a price is a whole number of minor units per GB, got '" + price + "'");
        }
        return value;
    }

    private static long number(String text, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw invalid(text, "'" + digits + "' is not a whole number");
        }
    }

    private static ConfigurationException invalid(String text, String why) {
        return new ConfigurationException("liveplane.charging.payg-tiers '" + text + "': " + why
                + " (e.g. 10TB:24,50TB:23,100TB:21,1PB:18,*:15, minor units per GB of 2^30 bytes)");
    }
}
