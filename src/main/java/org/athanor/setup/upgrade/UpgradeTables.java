package org.athanor.setup.upgrade;

import java.util.Map;
import org.athanor.db.Box;
import org.athanor.db.SchemaMigrator;

/**
 * The upgrade's own bookkeeping tables in the appbox, {@code upgrade_lock} and {@code upgrade_checkpoints}.
 *
 * <p>They must exist before the appbox schema is migrated (the lock is taken first, and a Phraseanet appbox has no
 * Athanor schema at all), so the engine creates them itself with {@code CREATE TABLE IF NOT EXISTS}; appbox migration
 * V6 declares the same tables the same way, so that a fresh installation has them and an upgraded one keeps them.
 */
final class UpgradeTables {
    private UpgradeTables() {}

    static boolean exist(Box appbox) {
        return Detector.tableExists(appbox, "upgrade_checkpoints") && Detector.tableExists(appbox, "upgrade_lock");
    }

    /** Create both tables when missing (the same DDL as appbox V6). */
    static void ensure(Box appbox) {
        if (exist(appbox)) return;
        Map<String, String> p = SchemaMigrator.placeholdersOf(appbox.engine());
        appbox.jdbi().useHandle(h -> {
            h.execute(ddlLock(p));
            h.execute(ddlCheckpoints(p));
        });
    }

    static String ddlLock(Map<String, String> p) {
        return """
                CREATE TABLE IF NOT EXISTS upgrade_lock (
                    id           INT          NOT NULL,
                    host         VARCHAR(255) NOT NULL,
                    pid          BIGINT       NOT NULL,
                    from_release VARCHAR(64)  NOT NULL,
                    to_release   VARCHAR(64)  NOT NULL,
                    started_at   %s  NOT NULL,
                    heartbeat_at %s  NOT NULL,
                    PRIMARY KEY (id)
                ) %s""".formatted(p.get("datetime"), p.get("datetime"), p.get("table_options"));
    }

    static String ddlCheckpoints(Map<String, String> p) {
        return """
                CREATE TABLE IF NOT EXISTS upgrade_checkpoints (
                    name             VARCHAR(191) NOT NULL,
                    checkpoint_value VARCHAR(1024),
                    updated_at       %s  NOT NULL,
                    PRIMARY KEY (name)
                ) %s""".formatted(p.get("datetime"), p.get("table_options"));
    }
}
