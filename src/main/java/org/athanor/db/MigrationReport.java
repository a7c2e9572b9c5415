package org.athanor.db;

/**
 * What one {@link SchemaMigrator#migrate(Box)} did.
 *
 * @param from the schema version before, {@code "0"} for a database without schema history
 * @param to the schema version after
 * @param applied how many migrations were applied; 0 when the schema was already current
 */
public record MigrationReport(String from, String to, int applied) {
    /** The version reported for a database that holds no schema history yet. */
    public static final String NO_SCHEMA = "0";

    public MigrationReport {
        if (from == null || from.isBlank()) throw new IllegalArgumentException("from is missing: use \"" + NO_SCHEMA + "\" for a database without schema");
        if (to == null || to.isBlank()) throw new IllegalArgumentException("to is missing: use \"" + NO_SCHEMA + "\" for a database without schema");
        if (applied < 0) throw new IllegalArgumentException("applied must be 0 or more, found " + applied);
    }

    /** Return whether at least one migration was applied. */
    public boolean changed() {
        return applied > 0;
    }
}
