package org.athanor.setup.upgrade.legacy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.setup.upgrade.Installation;
import org.athanor.setup.upgrade.InstalledDatabox;
import org.athanor.setup.upgrade.UpgradeStep;

/**
 * The import of a Phraseanet 3.8.8 installation, in the same databases, as steps of {@code system:upgrade}:
 * {@link #prepareSteps} set Phraseanet's tables aside (renamed {@code <table>_legacy388}) and start Athanor's schema
 * history in each box; the engine then creates Athanor's schema (its schema steps); {@link #transformSteps} copy the
 * data (appbox, then per databox: structure and collections, records in checkpointed batches, story members) and
 * finally convert the configuration file. Every step is idempotent and resumes after a crash.
 */
public final class Phraseanet388Import {
    private Phraseanet388Import() {}

    /** Return the steps to run before Athanor's schema is created: set tables aside, start schema histories. */
    public static List<UpgradeStep> prepareSteps(Installation installation) {
        List<UpgradeStep> steps = new ArrayList<>();
        steps.add(new SetAsideTables(BoxKind.APPBOX, 0));
        for (InstalledDatabox d : installation.databoxes()) steps.add(new SetAsideTables(BoxKind.DATABOX, d.sbasId()));
        steps.add(new StartSchemaHistory(BoxKind.APPBOX, 0));
        for (InstalledDatabox d : installation.databoxes()) steps.add(new StartSchemaHistory(BoxKind.DATABOX, d.sbasId()));
        return steps;
    }

    /** Return the steps to run once Athanor's schema exists in every box: the data, then the configuration file. */
    public static List<UpgradeStep> transformSteps(Installation installation) {
        List<UpgradeStep> steps = new ArrayList<>();
        steps.add(new ImportAppbox());
        for (InstalledDatabox d : installation.databoxes()) {
            steps.add(new ImportStructure(d.sbasId()));
            steps.add(new ImportRecords(d.sbasId()));
            steps.add(new ImportStoryMembers(d.sbasId()));
        }
        steps.add(new ConvertConfiguration());
        return steps;
    }

    /** The recommendation printed after a successful import. */
    public static final String RECOMMENDATION = "Rebuild the search index of every databox: "
            + "Phraseanet's index is not reused. Then check the tasks: those Athanor has no counterpart for are "
            + "stopped with a note. Phraseanet's tables are kept with the suffix " + LegacyTables.SUFFIX
            + "; remove them with bin/console system:cleanup-legacy once you are satisfied.";

    static Box box(Installation installation, BoxKind kind, int sbasId) {
        if (kind == BoxKind.APPBOX) return installation.appbox();
        return installation.databox(sbasId).map(InstalledDatabox::box).orElseThrow(() -> new AthanorException(ErrorCode.UPGRADE_FAILED,
                "The databox sbas_id " + sbasId + " of the Phraseanet installation is not open; run bin/setup system:upgrade again."));
    }

    /**
     * Return the data root of the installation: that of the databox with the lowest sbas_id (see {@link LegacyLayout}),
     * or {@code athanor-data} beside the program folder when there is no databox.
     */
    static Path dataRoot(Installation installation) {
        List<InstalledDatabox> databoxes = installation.databoxes();
        if (databoxes.isEmpty()) return installation.programHome().resolveSibling("athanor-data");
        InstalledDatabox first = databoxes.get(0);
        return LegacyLayout.dataRoot(first.box(), first.name());
    }
}
