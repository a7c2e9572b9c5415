package org.athanor.setup.upgrade.legacy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.setup.upgrade.Installation;
import org.athanor.setup.upgrade.InstalledDatabox;
import org.athanor.setup.upgrade.PhraseanetImportPath;
import org.athanor.setup.upgrade.UpgradeProofHook;
import org.athanor.setup.upgrade.UpgradeStep;

/**
 * The import of a Phraseanet 3.8.8 installation, in the same databases, as steps of {@code system:upgrade}:
 * {@link #prepareSteps} set Phraseanet's tables aside (renamed {@code <table>_legacy388}) and start Athanor's schema
 * history in each box; the engine then creates Athanor's schema (its schema steps); {@link #transformSteps} copy the
 * data (appbox, then per databox: structure and collections, records in checkpointed batches, story members) and
 * finally convert the configuration file. Every step is idempotent and resumes after a crash.
 *
 * <p>The upgrade engine ({@code setup.upgrade}) knows it as its {@link PhraseanetImportPath}, given by the setup wiring.
 */
public final class Phraseanet388Import implements PhraseanetImportPath {
    /** The import; it holds nothing, every call reads the installation it is given. */
    public Phraseanet388Import() {}

    /** Return the steps to run before Athanor's schema is created: set tables aside, start schema histories. */
    @Override public List<UpgradeStep> prepareSteps(Installation installation) {
        List<UpgradeStep> steps = new ArrayList<>();
        steps.add(new SetAsideTables(BoxKind.APPBOX, 0));
        for (InstalledDatabox d : installation.databoxes()) steps.add(new SetAsideTables(BoxKind.DATABOX, d.sbasId()));
        steps.add(new StartSchemaHistory(BoxKind.APPBOX, 0));
        for (InstalledDatabox d : installation.databoxes()) steps.add(new StartSchemaHistory(BoxKind.DATABOX, d.sbasId()));
        return steps;
    }

    /** Return the steps to run once Athanor's schema exists in every box: the data, then the configuration file. */
    @Override public List<UpgradeStep> transformSteps(Installation installation) {
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

    @Override public String recommendation() {
        return RECOMMENDATION;
    }

    /**
     * Check, reading only, what the import needs from the 3.8 installation before anything changes: the time zone of
     * its dates ({@code legacyTimezone}: the {@code --legacy-timezone} option, or null) and its lazaret folder.
     *
     * @throws org.athanor.setup.upgrade.UpgradeRefusedException naming what to fix
     */
    @Override public void preflight(Installation installation, String legacyTimezone) {
        LegacyTime.choose(installation, legacyTimezone);
        if (!"done".equals(installation.checkpoints().get(ImportAppbox.CHECKPOINT).orElse(null))) lazaretFolder(installation);
    }

    /** Choose the time zone of 3.8.8's dates ({@link LegacyTime#choose}), record it, and return its description. */
    @Override public String recordTimeZone(Installation installation, String legacyTimezone) {
        LegacyTime.Choice zone = LegacyTime.choose(installation, legacyTimezone);
        LegacyTime.record(installation, zone);
        return zone.describe();
    }

    /** Return where the automatic backup of the 3.8 installation goes: {@code backups} in its data root, Athanor's default. */
    @Override public Path backupDirectory(Installation installation) {
        return dataRoot(installation).resolve("backups");
    }

    /** Compare by {@link ImportProof}: the tables 3.8.8 had, set aside unchanged, with Athanor's. */
    @Override public UpgradeProofHook.Outcome compareAfterImport(Installation installation) {
        ImportProof.Result r = ImportProof.compare(installation);
        return new UpgradeProofHook.Outcome(r.differences(), r.report());
    }

    /** The 3.8 configuration's key naming the lazaret folder: {@code main.storage.lazaret}, as Phraseanet 3.9 and 4.x name it. */
    static final String LAZARET_KEY = "main.storage.lazaret";

    /**
     * Return the folder of Phraseanet's lazaret (quarantine) files: {@value #LAZARET_KEY} of the 3.8 configuration. Phraseanet
     * 3.8.8 itself writes them into {@code <its program folder>/tmp/lazaret} (Border\Manager::bookLazaretPathfile), a folder
     * its configuration does not name and that the procedure moves away with the old program folder: the administrator
     * names it. Empty when the lazaret holds no file, so no folder is needed.
     *
     * @throws org.athanor.setup.upgrade.UpgradeRefusedException CHECK_FAILED when files wait in the lazaret and the key is
     *     missing or names no folder
     */
    static java.util.Optional<Path> lazaretFolder(Installation installation) {
        com.fasterxml.jackson.databind.JsonNode node = installation.rawConfig().path("main").path("storage").path("lazaret");
        String configured = node.isTextual() ? node.asText().strip() : "";
        Box appbox = installation.appbox();
        String table = LegacyTables.tablesOf(appbox).contains("LazaretFiles") ? "`LazaretFiles`" : LegacyTables.legacy("LazaretFiles");
        long items = appbox.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
        if (items == 0) return configured.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(configured));
        String how = "Phraseanet 3.8.8 keeps them in tmp/lazaret of its program folder (e.g. /var/www/Phraseanet/tmp/lazaret). Add to "
                + installation.configFile() + ":\n  main:\n      storage:\n          lazaret: /path/to/the/old/Phraseanet/tmp/lazaret\n"
                + "then run bin/setup system:upgrade again. Nothing was changed.";
        if (configured.isEmpty()) {
            throw new org.athanor.setup.upgrade.UpgradeRefusedException(org.athanor.setup.upgrade.UpgradeRefusedException.Reason.CHECK_FAILED,
                    "The Phraseanet lazaret holds " + items + " file(s), and " + LAZARET_KEY + " in " + installation.configFile()
                            + " does not say where they are. " + how);
        }
        Path folder = Path.of(configured).toAbsolutePath().normalize();
        if (!java.nio.file.Files.isDirectory(folder)) {
            throw new org.athanor.setup.upgrade.UpgradeRefusedException(org.athanor.setup.upgrade.UpgradeRefusedException.Reason.CHECK_FAILED,
                    "The Phraseanet lazaret holds " + items + " file(s), and " + LAZARET_KEY + " names " + folder + ", which is not a folder. "
                            + how);
        }
        return java.util.Optional.of(folder);
    }

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
