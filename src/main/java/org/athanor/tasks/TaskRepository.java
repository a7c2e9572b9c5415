package org.athanor.tasks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads and writes the task rows of the appbox. */
public final class TaskRepository {
    /** Job type of the task that builds subdefinitions. */
    public static final String SUBDEFS = "subdefs";
    /** Job type of the task that writes captions back into files. */
    public static final String WRITE_METADATA = "write-metadata";

    /** Settings of a new Subdefs task, as Phraseanet's SubdefsJob writes them. */
    public static final String SUBDEFS_SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tasksettings>
              <embedded>1</embedded>
              <sbas/>
              <type_image>1</type_image><type_video>1</type_video><type_audio>1</type_audio>
              <type_document>1</type_document><type_flash>1</type_flash><type_unknown>1</type_unknown>
              <flush>5</flush>
              <maxrecs>20</maxrecs>
              <maxmegs>256</maxmegs>
            </tasksettings>
            """;
    /** Settings of a new WriteMetadata task, as Phraseanet's WriteMetadataJob writes them. */
    public static final String WRITE_METADATA_SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tasksettings>
              <cleardoc>0</cleardoc>
              <MWG>0</MWG>
            </tasksettings>
            """;

    private final Jdbi appbox;

    public TaskRepository(Jdbi appbox) {
        this.appbox = appbox;
    }

    /** A task as listed by task-manager:task:list. */
    public record TaskRow(int id, String name, String jobType, int periodSeconds, String configuredStatus, String actualStatus) {}

    /** Create a task and return its id. */
    public int create(String name, String jobType, String settingsXml, int periodSeconds, boolean started) {
        return appbox.withHandle(h -> h.createUpdate("""
                INSERT INTO tasks (name, job_type, settings, period_seconds, configured_status, actual_status, crash_count, created_at)
                VALUES (:name, :type, :settings, :period, :status, 'stopped', 0, :now)""")
                .bind("name", name).bind("type", jobType).bind("settings", settingsXml).bind("period", periodSeconds)
                .bind("status", started ? "started" : "stopped").bind("now", Instant.now())
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    /** Every task, by id. */
    public List<TaskRow> list() {
        return appbox.withHandle(h -> h.createQuery(
                        "SELECT id, name, job_type, period_seconds, configured_status, actual_status FROM tasks ORDER BY id")
                .map((rs, ctx) -> new TaskRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6)))
                .list());
    }

    private static final String COLUMNS = """
            id, name, job_type, settings, period_seconds, configured_status, actual_status, host, pid, heartbeat, last_run,
            last_error, crash_count, progress_done, progress_total""";

    /** The task {@code id}, if it exists. */
    public Optional<TaskRecord> find(int id) {
        return appbox.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM tasks WHERE id = :id")
                .bind("id", id).map(TaskRepository::map).findOne());
    }

    /** Every task with its states, by id. */
    public List<TaskRecord> all() {
        return appbox.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM tasks ORDER BY id")
                .map(TaskRepository::map).list());
    }

    /** Set the desired state of a task ({@code started} or {@code stopped}); return false when it does not exist. */
    public boolean configure(int id, String configuredStatus) {
        return appbox.withHandle(h -> h.createUpdate("UPDATE tasks SET configured_status = :s WHERE id = :id")
                .bind("s", configuredStatus).bind("id", id).execute()) == 1;
    }

    /** Change a task's name, period and settings; return false when it does not exist. */
    public boolean update(int id, String name, int periodSeconds, String settingsXml) {
        return appbox.withHandle(h -> h.createUpdate("UPDATE tasks SET name = :n, period_seconds = :p, settings = :s WHERE id = :id")
                .bind("n", name).bind("p", periodSeconds).bind("s", settingsXml).bind("id", id).execute()) == 1;
    }

    /** Delete a task's row; return false when it does not exist. */
    public boolean delete(int id) {
        return appbox.withHandle(h -> h.createUpdate("DELETE FROM tasks WHERE id = :id").bind("id", id).execute()) == 1;
    }

    /**
     * Take a task for the scheduler {@code host}/{@code pid}: succeeds when nobody runs it, when its runner's heartbeat
     * is older than {@code staleBefore}, or when this scheduler already holds it.
     */
    public boolean acquire(int id, String host, long pid, Instant now, Instant staleBefore) {
        return appbox.withHandle(h -> h.createUpdate("""
                UPDATE tasks SET actual_status = 'started', host = :host, pid = :pid, heartbeat = :now, last_error = NULL
                WHERE id = :id AND (actual_status IN ('stopped', 'crashed') OR heartbeat IS NULL OR heartbeat < :stale
                                    OR (host = :host AND pid = :pid))""")
                .bind("id", id).bind("host", host).bind("pid", pid).bind("now", now).bind("stale", staleBefore)
                .execute()) == 1;
    }

    /** Write the actual state of a task held by {@code host}/{@code pid}; return false when another runner holds it. */
    public boolean report(int id, String host, long pid, String actualStatus) {
        return appbox.withHandle(h -> h.createUpdate("""
                UPDATE tasks SET actual_status = :s, heartbeat = :now WHERE id = :id AND host = :host AND pid = :pid""")
                .bind("s", actualStatus).bind("now", Instant.now()).bind("id", id).bind("host", host).bind("pid", pid)
                .execute()) == 1;
    }

    /** Refresh the heartbeat of the running tasks of one scheduler. */
    public void heartbeat(String host, long pid, Instant now) {
        appbox.useHandle(h -> h.createUpdate("""
                UPDATE tasks SET heartbeat = :now WHERE host = :host AND pid = :pid AND actual_status IN ('started', 'stopping')""")
                .bind("now", now).bind("host", host).bind("pid", pid).execute());
    }

    /** Record the end of one pass of a task: when, and the error if it failed ({@code null} when it succeeded). */
    public void ran(int id, Instant when, String error) {
        appbox.useHandle(h -> h.createUpdate("UPDATE tasks SET last_run = :when, last_error = :error WHERE id = :id")
                .bind("when", when).bind("error", error).bind("id", id).execute());
    }

    /** Mark a task crashed (its loop died) with the error, and count the crash. */
    public void crashed(int id, String error) {
        appbox.useHandle(h -> h.createUpdate("""
                UPDATE tasks SET actual_status = 'crashed', last_error = :error, crash_count = crash_count + 1 WHERE id = :id""")
                .bind("error", error).bind("id", id).execute());
    }

    /** Mark crashed every task still shown as run by {@code host}/{@code pid}, a scheduler that died; return how many. */
    public int crashedWith(String host, long pid, String error) {
        return appbox.withHandle(h -> h.createUpdate("""
                UPDATE tasks SET actual_status = 'crashed', last_error = :error, crash_count = crash_count + 1
                WHERE host = :host AND pid = :pid AND actual_status IN ('started', 'stopping')""")
                .bind("error", error).bind("host", host).bind("pid", pid).execute());
    }

    /** The pids of the processes of {@code host} shown as running a task. */
    public List<Long> pidsOn(String host) {
        return appbox.withHandle(h -> h.createQuery("""
                SELECT DISTINCT pid FROM tasks WHERE host = :host AND pid IS NOT NULL AND actual_status IN ('started', 'stopping')""")
                .bind("host", host).mapTo(Long.class).list());
    }

    /** Write the progress of the pass in hand. */
    public void progress(int id, long done, long total) {
        appbox.useHandle(h -> h.createUpdate("UPDATE tasks SET progress_done = :d, progress_total = :t WHERE id = :id")
                .bind("d", done).bind("t", total).bind("id", id).execute());
    }

    private static TaskRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new TaskRecord(rs.getInt("id"), rs.getString("name"), rs.getString("job_type"), rs.getString("settings"),
                rs.getInt("period_seconds"), rs.getString("configured_status"), rs.getString("actual_status"),
                rs.getString("host"), rs.getObject("pid") == null ? null : rs.getLong("pid"), instant(rs, "heartbeat", ctx),
                instant(rs, "last_run", ctx), rs.getString("last_error"), rs.getInt("crash_count"),
                rs.getObject("progress_done") == null ? null : rs.getLong("progress_done"),
                rs.getObject("progress_total") == null ? null : rs.getLong("progress_total"));
    }

    private static Instant instant(ResultSet rs, String column, StatementContext ctx) throws SQLException {
        return ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, column, ctx);
    }
}
