package org.athanor.setup;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.athanor.config.AthanorConfig;
import org.athanor.setup.backup.BackupService;
import org.athanor.setup.backup.RestoreService;
import org.athanor.programs.Programs;
import org.athanor.setup.check.ConfigCheck;
import org.athanor.setup.check.SystemCheck;
import org.athanor.setup.install.InstallService;
import org.athanor.setup.upgrade.AwaitedUpgrade;
import org.athanor.setup.upgrade.ProofOfUpgrade;
import org.athanor.setup.upgrade.UpgradeProof;
import org.athanor.setup.upgrade.UpgradeService;
import org.athanor.setup.upgrade.UpgradeVersionCheck;
import org.athanor.setup.upgrade.legacy.Phraseanet388Import;

/**
 * Builds what works before an installation exists, or while it cannot be opened: install, the checks, upgrade,
 * backup and restore. It is to {@code bin/setup} (and the console's backup and restore) what {@code org.athanor.Athanor}
 * is to an opened installation; the CLI gives both the same clock.
 */
public final class Setup {
    private final Path programHome;
    private final Programs binaries;
    private final Clock clock;

    /**
     * @param programHome the program folder (where {@code config/}, {@code logs/} and the samples are)
     * @param binaries where external programs (pg_dump, mariadb-dump, exiftool…) are looked for
     * @param clock the clock every service built here reads
     */
    public Setup(Path programHome, Programs binaries, Clock clock) {
        this.programHome = programHome;
        this.binaries = binaries;
        this.clock = clock;
    }

    /** {@code system:install}. */
    public InstallService install() {
        return new InstallService();
    }

    /** {@code check:system}: the machine's requirements, the configuration file and whether the installation awaits its upgrade. */
    public SystemCheck systemCheck() {
        return new SystemCheck(programHome, binaries, new UpgradeVersionCheck(programHome));
    }

    /** {@code check:config}: {@link #systemCheck()} plus the databases and structures of the installation. */
    public ConfigCheck configCheck() {
        return new ConfigCheck(systemCheck());
    }

    /** {@code system:upgrade} of the installation configured by {@code configFile}, an Athanor or a Phraseanet 3.8.8 one. */
    public UpgradeService upgrade(Path configFile) {
        Phraseanet388Import phraseanet = new Phraseanet388Import();
        return new UpgradeService(configFile, programHome, binaries, phraseanet,
                new ProofOfUpgrade(UpgradeProof.FileCheck.SIZE, phraseanet, clock), clock);
    }

    /** {@code system:backup-db} of the installation configured by {@code config}. */
    public BackupService backups(AthanorConfig config) {
        return new BackupService(config, programHome, binaries, clock);
    }

    /** {@code system:restore-db} into the installation configured by {@code config}. */
    public RestoreService restore(AthanorConfig config) {
        return new RestoreService(config, binaries, clock);
    }

    /**
     * A condition that turns true once the installation configured by {@code configFile} no longer awaits its upgrade
     * (its databases looked at every {@code databaseCheck} at most): what {@code server:run} waits for.
     */
    public BooleanSupplier upgradeFinished(Path configFile, Duration databaseCheck) {
        return AwaitedUpgrade.watch(configFile, programHome, databaseCheck, clock);
    }

    /** The clock every service built here reads. */
    public Clock clock() {
        return clock;
    }
}
