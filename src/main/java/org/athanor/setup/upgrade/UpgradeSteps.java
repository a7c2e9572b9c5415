package org.athanor.setup.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps of {@code system:upgrade}, in order, in this one place.
 *
 * <p>From Athanor: [secure the embedded database] → configuration → appbox schema → each databox schema → data
 * migrations → version records. From Phraseanet 3.8.8: the import's steps (issue 11), then the same Athanor steps.
 * Recommendations and the upgrade log are written by {@link UpgradeService} around them.
 *
 * <p>Step names, which are also the pause points of the crash tests ({@link Installation#pausePoint}):
 * {@code configuration}, {@code appbox-schema}, {@code databox-schema-<sbas_id>}, {@code record-checksums-<sbas_id>}
 * (and {@code record-checksums-<sbas_id>#<batch>} after each batch), {@code version-records}.
 */
public final class UpgradeSteps {
    private UpgradeSteps() {}

    /** Return the steps that bring an Athanor installation to this program's release. */
    public static List<UpgradeStep> forAthanor(Installation installation) {
        List<UpgradeStep> steps = new ArrayList<>();
        // SLOT (filled by the lead when merging sec-db): the embedded-database security step comes first, e.g.
        //   steps.add(new SecureEmbeddedDatabase());   // org.athanor.db.EmbeddedDatabaseSecurity: H2 password and file permissions
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
     * Return the steps that import a Phraseanet 3.8.8 installation, or empty when this build has no import.
     *
     * <p>SLOT (filled by the lead when merging legacy388, issue 11): return the import's steps here — configuration
     * (3.8 file to Athanor's, original kept), the transform of Phraseanet's tables into Athanor's schema in the same
     * databases — followed by {@link #forAthanor} on the imported installation.
     */
    public static Optional<List<UpgradeStep>> forPhraseanet388(Installation installation) {
        return Optional.empty();
    }
}
