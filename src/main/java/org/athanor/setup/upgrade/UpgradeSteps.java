package org.athanor.setup.upgrade;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps of {@code system:upgrade}, in order, in this one place.
 *
 * <p>From Athanor: secure the embedded database → configuration → appbox schema → each databox schema → data
 * migrations → version records. From Phraseanet 3.8.8: the import's steps (issue 11), then the same Athanor steps.
 * Recommendations and the upgrade log are written by {@link UpgradeService} around them.
 *
 * <p>Step names, which are also the pause points of the crash tests ({@link Installation#pausePoint}):
 * {@code embedded-database} (and {@code embedded-database#password-written}), {@code configuration}, {@code appbox-schema}, {@code databox-schema-<sbas_id>}, {@code record-checksums-<sbas_id>}
 * (and {@code record-checksums-<sbas_id>#<batch>} after each batch), {@code version-records}.
 */
public final class UpgradeSteps {
    private UpgradeSteps() {}

    /** Return the steps that bring an Athanor installation to this program's release. */
    public static List<UpgradeStep> forAthanor(Installation installation) {
        List<UpgradeStep> steps = new ArrayList<>();
        steps.add(new SecureEmbeddedDatabase());   // H2: modes 0700/0600 and a password (releases before 4.0.0 had none)
        steps.add(new MigrateConfiguration(ConfigMigrations.ATHANOR));
        steps.add(new MigrateSchema(org.athanor.db.BoxKind.APPBOX, 0));
        for (InstalledDatabox d : installation.databoxes()) {
            steps.add(new MigrateSchema(org.athanor.db.BoxKind.DATABOX, d.sbasId()));
        }
        for (InstalledDatabox d : installation.databoxes()) {
            steps.add(new BackfillRecordChecksums(d.sbasId()));
        }
        steps.add(new RecordReleases());
        return steps;
    }

    /**
     * Return the steps that import a Phraseanet 3.8.8 installation by {@code phraseanet}: its tables set aside, Athanor's
     * schema created in the same databases, the data and the configuration file imported — followed by {@link #forAthanor}
     * on the imported installation.
     */
    public static List<UpgradeStep> forPhraseanet388(Installation installation, PhraseanetImportPath phraseanet) {
        List<UpgradeStep> steps = new ArrayList<>(phraseanet.prepareSteps(installation));
        steps.add(new MigrateSchema(org.athanor.db.BoxKind.APPBOX, 0));
        for (InstalledDatabox d : installation.databoxes()) {
            steps.add(new MigrateSchema(org.athanor.db.BoxKind.DATABOX, d.sbasId()));
        }
        steps.addAll(phraseanet.transformSteps(installation));
        steps.addAll(forAthanor(installation));
        return steps;
    }
}
