package org.athanor.db;

import java.util.List;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/** Refuses to work on a box whose schema is not the one this program was built for. */
public final class SchemaCheck {
    /** What to do with an installation older than this program. */
    public static final String UPGRADE_ADVICE = "The installation awaits its upgrade: run bin/setup system:upgrade (bin/setup "
            + "system:upgrade --dry-run shows the plan). Until then bin/console only answers --version, help, list, system:backup-db, "
            + "system:restore-db, system:maintenance and check:config.";

    private SchemaCheck() {}

    /** Return whether an upgrade started and did not finish: its {@code upgrade.from} checkpoint is still there. */
    public static boolean upgradeInProgress(Box appbox) {
        try {
            return appbox.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM upgrade_checkpoints WHERE name = 'upgrade.from'")
                    .mapTo(Integer.class).one()) > 0;
        } catch (RuntimeException e) {
            return false;      // no upgrade_checkpoints table: no upgrade ever started here
        }
    }

    /** Throw when the box has pending migrations (an older installation) or no schema at all. */
    public static void requireCurrent(Box box) {
        String current = SchemaMigrator.currentVersion(box).orElse(null);
        if (current == null)
            throw new AthanorException(ErrorCode.SCHEMA_MIGRATION_FAILED, "The " + box.kind().folder() + " '" + box.name() + "' ("
                    + box.connection().describe() + ") has no Athanor schema. Check main.database in config/configuration.yml, "
                    + "or install with bin/setup system:install.");
        List<String> pending = SchemaMigrator.pendingVersions(box);
        if (!pending.isEmpty())
            throw new AthanorException(ErrorCode.UPGRADE_REQUIRED, "The " + box.kind().folder() + " '" + box.name()
                    + "' schema is at version " + current + ", this program needs version " + SchemaMigrator.latestVersion(box.kind())
                    + ". " + UPGRADE_ADVICE);
        if (box.kind() == BoxKind.APPBOX && upgradeInProgress(box))
            throw new AthanorException(ErrorCode.UPGRADE_REQUIRED, "An upgrade of this installation was interrupted before its end "
                    + "(appbox table upgrade_checkpoints). " + UPGRADE_ADVICE);
    }
}
