package org.athanor.setup.upgrade;

import java.util.List;
import java.util.stream.Collectors;
import org.athanor.core.Progress;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.db.SchemaMigrator;

/**
 * Step: apply the pending Flyway migrations of one box (the appbox, or the databox {@code sbasId}). Flyway's history
 * table is the checkpoint: each migration is recorded once applied, and on PostgreSQL each runs in its own
 * transaction; on H2 and MariaDB, whose DDL is not transactional, a migration cut short is completed by {@link
 * PartialMigrations} before Flyway runs again.
 */
final class MigrateSchema implements UpgradeStep {
    private final BoxKind kind;
    private final int sbasId;

    MigrateSchema(BoxKind kind, int sbasId) {
        this.kind = kind;
        this.sbasId = sbasId;
    }

    @Override
    public String name() {
        return kind == BoxKind.APPBOX ? "appbox-schema" : "databox-schema-" + sbasId;
    }

    private Box box(Installation installation) {
        if (kind == BoxKind.APPBOX) return installation.appbox();
        return installation.databox(sbasId).orElseThrow().box();
    }

    @Override
    public boolean isDone(Installation installation) {
        return SchemaMigrator.pendingVersions(box(installation)).isEmpty();
    }

    @Override
    public void apply(Installation installation, Progress progress) {
        Box box = box(installation);
        List<SchemaMigrator.PendingMigration> pending = SchemaMigrator.pendingMigrations(box);
        PartialMigrations.completeOrUndo(box, pending, installation.log());
        var report = SchemaMigrator.migrate(box);
        installation.log().line(name() + ": " + box.describe() + " schema " + report.from() + " -> " + report.to() + " ("
                + report.applied() + " migration(s))");
    }

    @Override
    public List<String> plan(Installation installation) {
        Box box = box(installation);
        String from = SchemaMigrator.currentVersion(box).orElse("0");
        List<SchemaMigrator.PendingMigration> pending = SchemaMigrator.pendingMigrations(box);
        if (pending.isEmpty()) return List.of(box.describe() + ": schema " + from + ", up to date");
        return List.of(box.describe() + ": schema " + from + " -> " + SchemaMigrator.latestVersion(kind) + ": "
                + pending.stream().map(m -> "V" + m.version() + " " + m.description()).collect(Collectors.joining(", ")));
    }

    @Override
    public List<String> sql(Installation installation) {
        Box box = box(installation);
        return SchemaMigrator.pendingMigrations(box).stream()
                .map(m -> "-- " + box.describe() + ": " + m.script() + "\n" + m.sql().strip())
                .collect(Collectors.toList());
    }
}
