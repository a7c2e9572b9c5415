package org.athanor.setup.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.db.Box;
import org.athanor.db.Engine;
import org.athanor.db.SchemaMigrator;

/**
 * Completes a schema migration cut short on H2 or MariaDB, whose DDL commits statement by statement: a SIGKILL in the
 * middle of a migration leaves some of its tables created and no history row, so Flyway would run it again and fail
 * on the first {@code CREATE TABLE}. A migration made only of {@code CREATE TABLE}/{@code CREATE INDEX} is detected
 * here (its tables partly exist) and its leftovers, necessarily empty, are dropped so that Flyway applies it whole.
 * PostgreSQL needs none of this: each migration runs in one transaction.
 */
final class PartialMigrations {
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)^\\s*CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?([A-Za-z0-9_]+)");
    private static final Pattern ONLY_CREATES = Pattern.compile("(?i)^\\s*CREATE\\s+(TABLE|INDEX|UNIQUE\\s+INDEX)\\b");

    private PartialMigrations() {}

    static void completeOrUndo(Box box, List<SchemaMigrator.PendingMigration> pending, UpgradeLog log) {
        if (box.engine() == Engine.POSTGRESQL || pending.isEmpty()) return;
        SchemaMigrator.PendingMigration first = pending.get(0);
        List<String> statements = statements(first.sql());
        List<String> tables = new ArrayList<>();
        boolean createsOnly = true;
        boolean rerunnable = true;
        for (String st : statements) {
            Matcher m = CREATE_TABLE.matcher(st);
            if (m.find()) {
                tables.add(m.group(2).toLowerCase(Locale.ROOT));
                if (m.group(1) == null) rerunnable = false;
            } else if (!ONLY_CREATES.matcher(st).find()) {
                createsOnly = false;
            } else {
                rerunnable = false;     // CREATE INDEX has no IF NOT EXISTS on every engine
            }
        }
        List<String> present = tables.stream().filter(t -> Detector.tableExists(box, t)).toList();
        if (present.isEmpty() || (rerunnable && createsOnly)) return;
        if (!createsOnly) {
            throw new AthanorException(ErrorCode.UPGRADE_FAILED, "The " + box.describe() + " holds part of migration V"
                    + first.version() + " (" + first.script() + ": tables " + present + " exist, no history row): it was cut short and "
                    + "changes more than it creates, so it cannot be completed safely. Restore the backup made before the upgrade "
                    + "(bin/setup system:restore-db <set> --yes) and run the upgrade again.");
        }
        for (String table : present) {
            long rows = box.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
            if (rows > 0) {
                throw new AthanorException(ErrorCode.UPGRADE_FAILED, "The " + box.describe() + " holds table " + table + " of migration V"
                        + first.version() + " with " + rows + " row(s) but no history row for it. Restore the backup made before the "
                        + "upgrade (bin/setup system:restore-db <set> --yes) and run the upgrade again.");
            }
        }
        List<String> reversed = new ArrayList<>(present);
        java.util.Collections.reverse(reversed);
        box.jdbi().useHandle(h -> {
            for (String table : reversed) h.execute("DROP TABLE " + table);
        });
        log.line(box.describe() + ": migration V" + first.version() + " had been cut short (tables " + present
                + " existed, empty, without history row): dropped them to apply it whole");
    }

    /** Split a migration into statements on {@code ;} at line ends, without comments. */
    static List<String> statements(String sql) {
        StringBuilder clean = new StringBuilder();
        for (String line : sql.split("\n")) {
            String l = line.strip();
            if (l.startsWith("--") || l.isEmpty()) continue;
            clean.append(line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String st : clean.toString().split(";\\s*\n")) {
            if (!st.isBlank()) out.add(st.strip());
        }
        return out;
    }
}
