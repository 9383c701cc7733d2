-- ShedLock's lock rows: one per scheduled job that must run once fleet-wide (SchedulerLocks). A job's run holds its
-- row until lock_until; another instance whose run finds the row held skips that period. Times are written by the
-- instance taking the lock (the JVM's clock), so instances' clocks must agree to well under a job's period (NTP).
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL,
    lock_until TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    locked_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    locked_by  VARCHAR(255) NOT NULL,
    PRIMARY KEY (name)
);
