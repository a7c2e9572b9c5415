package org.athanor.setup.check;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link SystemCheck} says about the installation's version, given to it by the setup wiring
 * ({@code org.athanor.setup.Setup}): {@code setup.upgrade} implements it ({@code UpgradeVersionCheck}), so the check
 * does not depend on the upgrade, which runs the check in its preflight.
 */
public interface InstallationVersionCheck {
    /** Return whether {@code configFile} is a configuration that {@code system:upgrade} imports (Phraseanet 3.8); false when unreadable. */
    boolean isImportedConfig(Path configFile);

    /**
     * Return, without changing anything, the line about the installation's version: empty when there is nothing to say
     * (no installation, or one that cannot be read: check:config reports that), else OK, a warning or an error naming
     * what to do.
     */
    Optional<CheckLine> check(Path configFile);
}
