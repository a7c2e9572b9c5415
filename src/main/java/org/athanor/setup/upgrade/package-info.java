/**
 * Upgrades an installation from the version it records to this program's version; start at {@link
 * org.athanor.setup.upgrade.UpgradeService}.
 *
 * <p>Public here: the engine ({@link org.athanor.setup.upgrade.UpgradeService}), the steps' contract ({@link
 * org.athanor.setup.upgrade.UpgradeStep}) and what a step works on ({@link org.athanor.setup.upgrade.Installation}),
 * the ordered step list ({@link org.athanor.setup.upgrade.UpgradeSteps}), the detected version ({@link
 * org.athanor.setup.upgrade.DetectedInstallation}), the refusals ({@link org.athanor.setup.upgrade.UpgradeRefusedException})
 * and the exit codes of {@code bin/setup system:upgrade} ({@link org.athanor.setup.upgrade.UpgradeExit}).
 *
 * <p>The engine knows the Phraseanet 3.8.8 import ({@code setup.upgrade.legacy}) only as a {@link
 * org.athanor.setup.upgrade.PhraseanetImportPath} handed to it by {@code org.athanor.setup.Setup}, and tells
 * {@code check:system} about the installation's version through {@link org.athanor.setup.upgrade.UpgradeVersionCheck}:
 * this package depends on {@code setup.check}, {@code setup.upgrade.legacy} on this one, never the other way.
 */
package org.athanor.setup.upgrade;
