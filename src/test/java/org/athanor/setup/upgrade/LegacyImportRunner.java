package org.athanor.setup.upgrade;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.athanor.core.Progress;
import org.athanor.core.Version;

/**
 * Runs the Phraseanet 3.8.8 import's steps the way {@code system:upgrade}'s engine does (policy, bookkeeping tables,
 * then each step: skipped when done, applied, checked done), without its preflight, backup or lock; for the import's
 * tests, in-process or as a child process ({@link #main}) that a crash test kills.
 */
public final class LegacyImportRunner {
    private LegacyImportRunner() {}

    /** Decide as the engine does; throws {@link UpgradeRefusedException} before any change. */
    public static UpgradePolicy.Decision decide(Path configFile, Path programHome) {
        try (Installation installation = Installation.open(configFile, programHome)) {
            return policy().decide(installation.detected());
        }
    }

    /** Run the import and the Athanor steps after it; return the names of the steps applied. */
    public static List<String> run(Path configFile, Path programHome) {
        return run(configFile, programHome, null);
    }

    /** As {@link #run(Path, Path)}, the 3.8.8 dates read in {@code legacyTimezone} (as {@code --legacy-timezone} gives it). */
    public static List<String> run(Path configFile, Path programHome, String legacyTimezone) {
        List<String> applied = new ArrayList<>();
        try (Installation installation = Installation.open(configFile, programHome)) {
            UpgradePolicy.Decision decision = policy().decide(installation.detected());
            if (decision != UpgradePolicy.Decision.IMPORT_PHRASEANET) throw new IllegalStateException("not a Phraseanet 3.8.8 installation: " + decision);
            UpgradeTables.ensure(installation.appbox());
            PhraseanetImportPath phraseanet = new org.athanor.setup.upgrade.legacy.Phraseanet388Import();
            if (legacyTimezone != null) phraseanet.recordTimeZone(installation, legacyTimezone);
            for (UpgradeStep step : UpgradeSteps.forPhraseanet388(installation, phraseanet)) {
                if (step.isDone(installation)) continue;
                installation.pausePoint(step.name());
                step.apply(installation, Progress.NONE);
                if (!step.isDone(installation)) throw new IllegalStateException("step " + step.name() + " is not done after apply");
                applied.add(step.name());
            }
        }
        return applied;
    }

    private static UpgradePolicy policy() {
        return new UpgradePolicy(Version.CURRENT, Releases.OLDEST_UPGRADABLE, true, "(test)");
    }

    /** {@code LegacyImportRunner <config file> <program home>}: run the import; exit 0 when done. */
    public static void main(String[] args) {
        List<String> applied = run(Path.of(args[0]), Path.of(args[1]));
        System.out.println("applied: " + applied);
        System.exit(0);
    }
}
