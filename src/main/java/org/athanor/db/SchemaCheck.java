package org.athanor.db;

import java.util.List;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;

/** Refuses to work on a box whose schema is not the one this program was built for. */
public final class SchemaCheck {
    /** What to do with an installation older than this program, as long as this release has no system:upgrade. */
    public static final String UPGRADE_ADVICE = "This release cannot upgrade an installation yet (bin/setup system:upgrade comes in a "
            + "later release): keep running the release that made it (see RELEASES.md), or restore its backup with that release.";

    private SchemaCheck() {}

    /** Throw when the box has pending migrations (an older installation) or no schema at all. */
    public static void requireCurrent(Box box) {
        String current = SchemaMigrator.currentVersion(box).orElse(null);
        if (current == null)
            throw new AthanorException(ErrorCode.SCHEMA_MIGRATION_FAILED, "The " + box.kind().folder() + " '" + box.name() + "' ("
                    + box.connection().describe() + ") has no Athanor schema. Check main.database in config/configuration.yml, "
                    + "or install with bin/setup system:install.");
        List<String> pending = SchemaMigrator.pendingVersions(box);
        if (!pending.isEmpty())
            throw new AthanorException(ErrorCode.SCHEMA_MIGRATION_FAILED, "The " + box.kind().folder() + " '" + box.name()
                    + "' schema is at version " + current + ", this program needs version " + SchemaMigrator.latestVersion(box.kind())
                    + ". " + UPGRADE_ADVICE);
    }
}
