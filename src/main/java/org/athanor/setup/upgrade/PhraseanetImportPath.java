package org.athanor.setup.upgrade;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code system:upgrade} asks of the import of a Phraseanet 3.8.8 installation, which lives in
 * {@code setup.upgrade.legacy} (its steps implement {@link UpgradeStep} and use {@link Installation}): the engine knows
 * the import only through this interface, given to it by the setup wiring ({@code org.athanor.setup.Setup}), so the
 * dependency goes one way, from the import to the engine.
 */
public interface PhraseanetImportPath {
    /** Appended to the name of every Phraseanet table the import sets aside until {@code bin/console system:cleanup-legacy}. */
    String SET_ASIDE_SUFFIX = "_legacy388";

    /** Return the steps to run before Athanor's schema is created in the boxes (set Phraseanet's tables aside…). */
    List<UpgradeStep> prepareSteps(Installation installation);

    /** Return the steps to run once Athanor's schema exists in every box: the data, then the configuration file. */
    List<UpgradeStep> transformSteps(Installation installation);

    /**
     * Check, reading only, what the import needs from the 3.8 installation before anything changes.
     *
     * @param legacyTimezone the {@code --legacy-timezone} option, or null
     * @throws UpgradeRefusedException naming what to fix
     */
    void preflight(Installation installation, String legacyTimezone);

    /**
     * Choose the time zone of Phraseanet's dates (once per import: a resumed import keeps the first choice), record it in
     * the installation, and return the sentence saying which zone and why, to print and log.
     *
     * @param legacyTimezone the {@code --legacy-timezone} option, or null
     */
    String recordTimeZone(Installation installation, String legacyTimezone);

    /** Return where the automatic backup of the 3.8 installation goes, before it has an Athanor configuration. */
    Path backupDirectory(Installation installation);

    /** Return the recommendation printed after a successful import. */
    String recommendation();

    /** Compare, after the import, what Phraseanet had (its tables set aside unchanged) with what Athanor has. */
    UpgradeProofHook.Outcome compareAfterImport(Installation installation);
}
