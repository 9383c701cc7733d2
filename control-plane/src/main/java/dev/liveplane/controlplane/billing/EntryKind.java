package dev.liveplane.controlplane.billing;

/** What moved a tenant's balance or package bytes; stored lower-case in {@code ledger_entries.kind}. */
public enum EntryKind {
    /** The operator added money, with a reason. */
    CREDIT,
    /** The operator took money, with a reason. */
    DEBIT,
    /** A traffic package bought from the balance. */
    PURCHASE,
    /** Traffic charged pay-as-you-go from the balance. */
    PAYG,
    /** Traffic taken from a package: no money moves (amount 0), the entry carries the package and the bytes. */
    PACKAGE_USAGE;

    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static EntryKind ofColumn(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
