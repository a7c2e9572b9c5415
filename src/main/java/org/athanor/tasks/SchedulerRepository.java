package org.athanor.tasks;

import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/** Reads and writes the single row of {@code scheduler_state}. */
public final class SchedulerRepository {
    private final Jdbi appbox;

    public SchedulerRepository(Jdbi appbox) {
        this.appbox = appbox;
    }

    /** The row as it is now. */
    public SchedulerRecord read() {
        return appbox.withHandle(h -> h.createQuery("""
                SELECT configured_status, actual_status, host, pid, heartbeat, paused FROM scheduler_state WHERE id = 1""")
                .map((rs, ctx) -> new SchedulerRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4) == null ? null : rs.getLong(4),
                        ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, 5, ctx), rs.getBoolean(6)))
                .one());
    }

    /** Set the desired state: {@code started} or {@code stopped}. */
    public void configure(String status) {
        appbox.useHandle(h -> h.createUpdate("UPDATE scheduler_state SET configured_status = :s WHERE id = 1").bind("s", status).execute());
    }

    /** Pause or resume every task. */
    public void pause(boolean paused) {
        appbox.useHandle(h -> h.createUpdate("UPDATE scheduler_state SET paused = :p WHERE id = 1").bind("p", paused).execute());
    }

    /** Record that the scheduler {@code host}/{@code pid} runs and is wanted started. */
    public void takeOver(String host, long pid, Instant now) {
        appbox.useHandle(h -> h.createUpdate("""
                UPDATE scheduler_state SET actual_status = 'started', configured_status = 'started', host = :host, pid = :pid,
                heartbeat = :now WHERE id = 1""")
                .bind("host", host).bind("pid", pid).bind("now", now).execute());
    }

    /** Write the actual state and heartbeat of the scheduler {@code host}/{@code pid}. */
    public void report(String host, long pid, String actualStatus, Instant now) {
        appbox.useHandle(h -> h.createUpdate("""
                UPDATE scheduler_state SET actual_status = :s, host = :host, pid = :pid, heartbeat = :now WHERE id = 1""")
                .bind("s", actualStatus).bind("host", host).bind("pid", pid).bind("now", now).execute());
    }
}
