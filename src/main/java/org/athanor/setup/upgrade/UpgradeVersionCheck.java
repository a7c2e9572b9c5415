package org.athanor.setup.upgrade;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.athanor.core.Version;
import org.athanor.setup.check.CheckLine;
import org.athanor.setup.check.InstallationVersionCheck;
import org.athanor.setup.upgrade.UpgradeRefusedException.Reason;

/**
 * What {@code check:system} says about the installation's version: whether it awaits {@code bin/setup system:upgrade}
 * by this program, as the upgrade's own detection and version policy decide. Reads only.
 */
public final class UpgradeVersionCheck implements InstallationVersionCheck {
    private final Path programHome;

    /** @param programHome this program's folder */
    public UpgradeVersionCheck(Path programHome) {
        this.programHome = programHome;
    }

    @Override public boolean isImportedConfig(Path configFile) {
        return UpgradeService.isPhraseanetConfig(configFile);
    }

    /**
     * Return the line: OK when the installation is current, a warning when it awaits its upgrade, an error naming what to
     * do when the upgrade would refuse it; empty when there is no installation or it cannot be read (check:config reports that).
     */
    @Override public Optional<CheckLine> check(Path configFile) {
        if (!Files.exists(configFile)) return Optional.empty();
        try (Installation installation = Installation.openToReport(configFile, programHome)) {
            if (!UpgradeService.awaitsSteps(installation)) return Optional.of(CheckLine.ok("upgrade", "the installation is at Athanor " + Version.NUMBER));
            return Optional.of(CheckLine.warning("upgrade", installation.detected().describe() + " awaits its upgrade to Athanor "
                    + Version.NUMBER, "Run bin/setup system:upgrade (--dry-run shows the plan); bin/console refuses the installation until then."));
        } catch (UpgradeRefusedException e) {
            if (e.reason() == Reason.UNKNOWN_INSTALLATION) return Optional.empty();
            return Optional.of(CheckLine.error("upgrade", e.getMessage().lines().findFirst().orElse(""), e.getMessage().lines().skip(1)
                    .reduce((a, b) -> a + " " + b).orElse("See bin/setup system:upgrade --dry-run.")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
