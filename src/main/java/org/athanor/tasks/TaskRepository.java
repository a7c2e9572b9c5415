package org.athanor.tasks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

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
                .bind("status", started ? "started" : "stopped").bind("now", Timestamp.from(Instant.now()))
                .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
    }

    /** Every task, by id. */
    public List<TaskRow> list() {
        return appbox.withHandle(h -> h.createQuery(
                        "SELECT id, name, job_type, period_seconds, configured_status, actual_status FROM tasks ORDER BY id")
                .map((rs, ctx) -> new TaskRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6)))
                .list());
    }
}
