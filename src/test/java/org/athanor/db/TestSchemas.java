package org.athanor.db;

import org.flywaydb.core.Flyway;

/** Migrates a box's schema up to a given version only, to build installations shaped as an earlier release made them. */
public final class TestSchemas {
    private TestSchemas() {}

    /** Apply this program's migrations of the box's kind up to {@code version} included, as SchemaMigrator would. */
    public static void migrateTo(Box box, String version) {
        Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(box.dataSource())
                .locations("classpath:db/" + box.kind().folder())
                .table(SchemaMigrator.HISTORY_TABLE)
                .placeholders(SchemaMigrator.placeholders(box.engine()))
                .target(version)
                .cleanDisabled(true)
                .load()
                .migrate();
    }
}
