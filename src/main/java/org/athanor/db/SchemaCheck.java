package org.athanor.db;

import java.util.List;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;

/** Refuses to work on a box whose schema is not the one this program was built for. */
public final class SchemaCheck {
    private SchemaCheck() {}

    /** Throw when the box has pending migrations (run system:upgrade) or no schema at all. */
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
                    + ". Back up with bin/console system:backup-db, then run bin/setup system:upgrade.");
    }
}
