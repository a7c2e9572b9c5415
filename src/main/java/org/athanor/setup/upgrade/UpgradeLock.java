package org.athanor.setup.upgrade;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.athanor.core.ReleaseVersion;
import org.athanor.db.Box;
import org.athanor.setup.upgrade.UpgradeRefusedException.Reason;

/**
 * At most one {@code system:upgrade} per installation: row id 1 of the appbox table {@code upgrade_lock} (host, pid,
 * start, heartbeat), inserted by the owner (the primary key makes a second insert fail), its heartbeat refreshed every
 * {@link #HEARTBEAT}. A second upgrade is refused naming the first. A lock whose owner ran on this host and is gone (no
 * process with its pid, or one started after the lock was taken: the pid was reused) is taken over without asking, saying
 * so: the upgrade was killed and this run resumes it. {@code --force} is needed only for an owner on another host whose
 * heartbeat is older than {@link #STALE} (this host cannot see whether it still runs); a live owner always refuses.
 */
final class UpgradeLock implements AutoCloseable {
    /** How often the owner refreshes its heartbeat. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** A heartbeat older than this is an owner that died without saying so (possibly on another host). */
    static final Duration STALE = Duration.ofSeconds(60);

    /** Who holds the lock. */
    record Holder(String host, long pid, String from, String to, Instant startedAt, Instant heartbeatAt) {
        String describe(Instant now) {
            return "pid " + pid + " on " + host + ", upgrading " + from + " to " + to + ", started " + startedAt
                    + ", last heartbeat " + Duration.between(heartbeatAt, now).toSeconds() + " s ago";
        }
    }

    private final Box appbox;
    private final Clock clock;
    private final String host;
    private final long pid;
    private ScheduledExecutorService beat;
    private String takenOver;

    private UpgradeLock(Box appbox, Clock clock, String host, long pid) {
        this.appbox = appbox;
        this.clock = clock;
        this.host = host;
        this.pid = pid;
    }

    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Return who holds the lock, if anybody. */
    static Optional<Holder> holder(Box appbox) {
        if (!UpgradeTables.exist(appbox)) return Optional.empty();
        return appbox.jdbi().withHandle(h -> h.createQuery("""
                SELECT host, pid, from_release, to_release, started_at, heartbeat_at FROM upgrade_lock WHERE id = 1""")
                .map((rs, ctx) -> new Holder(rs.getString("host"), rs.getLong("pid"), rs.getString("from_release"), rs.getString("to_release"),
                        ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "started_at", ctx),
                        ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "heartbeat_at", ctx)))
                .findOne());
    }

    /**
     * Take the lock for this process.
     *
     * @throws UpgradeRefusedException LOCKED naming the holder; with {@code force}, only when the holder is alive
     */
    static UpgradeLock acquire(Box appbox, ReleaseVersion from, ReleaseVersion to, boolean force, Clock clock) {
        UpgradeTables.ensure(appbox);
        String host = thisHost();
        long pid = ProcessHandle.current().pid();
        Instant now = clock.instant();
        Optional<Holder> held = holder(appbox);
        String takeover = null;
        if (held.isPresent()) {
            Holder h = held.get();
            if (!ownerGone(h, host, now) && (!force || !isDead(h, host, now))) throw refusal(h, host, now);
            takeover = "Took over the upgrade lock of " + h.describe(now) + ": " + (ownerGone(h, host, now)
                    ? "that process is gone from this host (killed or crashed); this run resumes its upgrade."
                    : "--force, its host sent no heartbeat for " + Duration.between(h.heartbeatAt(), now).toSeconds() + " s.");
            int n = appbox.jdbi().withHandle(x -> x.createUpdate("""
                    UPDATE upgrade_lock SET host = :host, pid = :pid, from_release = :from, to_release = :to, started_at = :now, heartbeat_at = :now
                    WHERE id = 1 AND host = :oldHost AND pid = :oldPid""")
                    .bind("host", host).bind("pid", pid).bind("from", from.toString()).bind("to", to.toString()).bind("now", now)
                    .bind("oldHost", h.host()).bind("oldPid", h.pid()).execute());
            if (n != 1) return acquire(appbox, from, to, false, clock);       // somebody else took it meanwhile: report them
        } else {
            try {
                appbox.jdbi().useHandle(x -> x.createUpdate("""
                        INSERT INTO upgrade_lock (id, host, pid, from_release, to_release, started_at, heartbeat_at)
                        VALUES (1, :host, :pid, :from, :to, :now, :now)""")
                        .bind("host", host).bind("pid", pid).bind("from", from.toString()).bind("to", to.toString()).bind("now", now).execute());
            } catch (RuntimeException e) {
                if (holder(appbox).isPresent()) return acquire(appbox, from, to, false, clock);   // lost the race: name the winner
                throw e;
            }
        }
        UpgradeLock lock = new UpgradeLock(appbox, clock, host, pid);
        lock.takenOver = takeover;
        lock.startHeartbeat();
        return lock;
    }

    /**
     * Refuse, reading only, when another upgrade holds the lock: alive, or silent on another host without {@code force}
     * (an owner gone from this host is taken over by {@link #acquire}). Called first by
     * the preflight, so that a second upgrade is refused naming the first rather than for the connections the first holds.
     */
    static void refuseIfHeld(Box appbox, boolean force, Clock clock) {
        Optional<Holder> held = holder(appbox);
        if (held.isEmpty() || ownerGone(held.get(), thisHost(), clock.instant())) return;
        if (force && isDead(held.get(), thisHost(), clock.instant())) return;
        throw refusal(held.get(), thisHost(), clock.instant());
    }

    private static UpgradeRefusedException refusal(Holder h, String host, Instant now) {
        boolean dead = isDead(h, host, now);
        String how = dead
                ? "Its host " + h.host() + " sent no heartbeat for " + Duration.between(h.heartbeatAt(), now).toSeconds() + " s; if no "
                        + "upgrade runs there any more, run bin/setup system:upgrade --force to take it over."
                : "Wait for it to finish (its log is in logs/upgrade-*.log), or stop it; --force takes over only a lock whose owner "
                        + "on another host is silent for " + STALE.toSeconds() + " s (one gone from this host is taken over without it).";
        return new UpgradeRefusedException(Reason.LOCKED, "Another bin/setup system:upgrade holds the upgrade lock of this installation ("
                + h.describe(now) + "). " + how + " Nothing was changed.");
    }

    /** The holder is dead when it ran on this host and its process is gone, or when its heartbeat is stale. */
    static boolean isDead(Holder h, String host, Instant now) {
        if (ownerGone(h, host, now)) return true;
        return Duration.between(h.heartbeatAt(), now).compareTo(STALE) > 0;
    }

    /**
     * Return whether the holder ran on this host and its process is gone: no live process has its pid, or the one that
     * has it started more than a second after the lock was taken (the pid was reused by another program) and the
     * heartbeat stopped (three beats missed: a clock set back cannot make a live owner look gone).
     */
    static boolean ownerGone(Holder h, String host, Instant now) {
        if (!h.host().equals(host)) return false;
        Optional<ProcessHandle> p = ProcessHandle.of(h.pid());
        if (p.isEmpty() || !p.get().isAlive()) return true;
        boolean silent = Duration.between(h.heartbeatAt(), now).compareTo(HEARTBEAT.multipliedBy(3)) > 0;
        return silent && p.get().info().startInstant().map(start -> start.isAfter(h.startedAt().plusSeconds(1))).orElse(false);
    }

    /** Return what was said when this lock was taken over from a dead owner, if it was. */
    Optional<String> takenOver() {
        return Optional.ofNullable(takenOver);
    }

    private void startHeartbeat() {
        beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "upgrade-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beat.scheduleAtFixedRate(() -> {
            try {
                appbox.jdbi().useHandle(h -> h.createUpdate("UPDATE upgrade_lock SET heartbeat_at = :now WHERE id = 1 AND host = :host AND pid = :pid")
                        .bind("now", clock.instant()).bind("host", host).bind("pid", pid).execute());
            } catch (RuntimeException ignored) {
                // a missed heartbeat is retried at the next tick; a long outage makes the lock stale, as it should
            }
        }, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Release the lock (delete the row), stopping the heartbeat. */
    @Override
    public void close() {
        if (beat != null) beat.shutdownNow();
        appbox.jdbi().useHandle(h -> h.createUpdate("DELETE FROM upgrade_lock WHERE id = 1 AND host = :host AND pid = :pid")
                .bind("host", host).bind("pid", pid).execute());
    }
}
