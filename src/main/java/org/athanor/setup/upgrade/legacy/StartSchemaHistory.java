package org.athanor.setup.upgrade.legacy;

import java.util.List;
import org.athanor.core.Progress;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.db.SchemaMigrator;
import org.athanor.setup.upgrade.Installation;
import org.athanor.setup.upgrade.UpgradeStep;

/**
 * Step: start Athanor's schema history (version 0) in a box that holds Phraseanet's set-aside tables, so that the
 * schema steps then create Athanor's whole schema beside them.
 */
final class StartSchemaHistory implements UpgradeStep {
    private final BoxKind kind;
    private final int sbasId;

    StartSchemaHistory(BoxKind kind, int sbasId) {
        this.kind = kind;
        this.sbasId = sbasId;
    }

    @Override public String name() {
        return "legacy388-schema-history-" + (kind == BoxKind.APPBOX ? "appbox" : "databox-" + sbasId);
    }

    @Override public boolean isDone(Installation installation) {
        return SchemaMigrator.currentVersion(Phraseanet388Import.box(installation, kind, sbasId)).isPresent();
    }

    @Override public void apply(Installation installation, Progress progress) {
        Box box = Phraseanet388Import.box(installation, kind, sbasId);
        SchemaMigrator.baselineBesideForeignTables(box);
        installation.log().line(name() + ": schema history started at version 0 in " + box.describe());
    }

    @Override public List<String> plan(Installation installation) {
        return List.of("Athanor's schema history started beside Phraseanet's tables");
    }
}
