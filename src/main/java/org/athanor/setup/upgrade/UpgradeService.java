package org.athanor.setup.upgrade;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.core.Version;
import org.athanor.appbox.ProcessRegistry;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigWriter;
import org.athanor.db.Box;
import org.athanor.db.EmbeddedDatabaseSecurity;
import org.athanor.files.AtomicFiles;
import org.athanor.programs.Programs;
import org.athanor.setup.backup.BackupService;
import org.athanor.setup.backup.BackupSet;
import org.athanor.setup.backup.Compression;
import org.athanor.setup.backup.SchedulerGuard;
import org.athanor.setup.check.CheckLine;
import org.athanor.setup.check.CheckResult;
import org.athanor.setup.check.SystemCheck;
import org.athanor.setup.upgrade.UpgradeRefusedException.Reason;

/**
 * The engine of {@code bin/setup system:upgrade}: detect → version policy → plan ({@code --dry-run}, {@code --dump})
 * → preflight → automatic backup → lock → maintenance on → proof before → steps → proof after → maintenance back →
 * recommendations. Everything before the backup only reads; a refusal leaves every file and database as it was.
 */
public final class UpgradeService {
    /** Checkpoint: the pre-upgrade backup set of an upgrade in progress. */
    static final String BACKUP_CHECKPOINT = "upgrade.backup";
    /** Checkpoint: whether maintenance was on before the upgrade switched it on. */
    static final String MAINTENANCE_CHECKPOINT = "upgrade.maintenance-before";
    /**
     * File written in this program's {@code tmp/} folder when an upgrade has finished: {@code from}, {@code to},
     * {@code finished_at}, {@code log}. A server started by this program on an installation awaiting its upgrade holds no
     * database connection while it waits (a connection would make the preflight refuse: it cannot tell a waiting server
     * from an old one); it watches this file (and, for an upgrade run on another machine, checks {@link #awaitsUpgrade}
     * now and then with a short-lived connection), then opens the installation.
     */
    public static final String FINISHED_MARKER = "upgrade-finished.properties";
    /** Rough throughput used by the time estimate of {@code --dry-run} (bytes of database per second). */
    static final long ESTIMATE_BYTES_PER_SECOND = 20L * 1024 * 1024;

    private final Path configFile;
    private final Path programHome;
    private final Programs finder;
    private final PhraseanetImportPath phraseanet;
    private final UpgradeProofHook proof;
    private final Clock clock;

    /**
     * @param configFile the installation's {@code config/configuration.yml}
     * @param programHome this program's folder
     * @param finder where external programs (dump tools) are found
     * @param phraseanet the import of a Phraseanet 3.8.8 installation ({@code setup.upgrade.legacy.Phraseanet388Import})
     * @param proof the upgrade proof; {@link UpgradeProofHook#NONE} for none
     */
    public UpgradeService(Path configFile, Path programHome, Programs finder, PhraseanetImportPath phraseanet, UpgradeProofHook proof,
            Clock clock) {
        this.configFile = configFile.toAbsolutePath().normalize();
        this.programHome = programHome.toAbsolutePath().normalize();
        this.finder = finder;
        this.phraseanet = phraseanet;
        this.proof = proof;
        this.clock = clock;
    }

    /**
     * Upgrade the installation, or print its plan ({@code --dry-run}) or SQL ({@code --dump}); return the exit code.
     * Refusals, failures and their rollback are printed on {@code err}; the plan, progress and outcome on {@code out}.
     */
    public UpgradeExit run(UpgradeOptions options, PrintWriter out, PrintWriter err, Progress progress) {
        return run(options, out, err, progress, () -> options.yes());
    }

    /**
     * As {@link #run(UpgradeOptions, PrintWriter, PrintWriter, Progress)}, asking {@code confirm} (when {@code --yes} was
     * not given) once the plan is known and the preflight has passed, just before the first change; a refusal to confirm
     * returns {@link UpgradeExit#BAD_ARGUMENT} having changed nothing. An up-to-date installation is never asked about.
     */
    public UpgradeExit run(UpgradeOptions options, PrintWriter out, PrintWriter err, Progress progress, java.util.function.BooleanSupplier confirm) {
        Installation installation;
        try {
            finishH2PasswordChange();
            installation = Installation.open(configFile, programHome);
        } catch (UpgradeRefusedException e) {
            err.println(e.getMessage());
            return UpgradeExit.of(e.reason());
        } catch (AthanorException e) {
            err.println(e.getMessage());
            return e.code() == ErrorCode.NOT_INSTALLED || e.code() == ErrorCode.CONFIG_INVALID ? UpgradeExit.SETUP_ERROR : UpgradeExit.FATAL;
        }
        try (installation) {
            return run(installation, options, out, err, progress, confirm);
        }
    }

    /**
     * Finish an H2 password change that a killed upgrade began (its marker file is there): the password is in the
     * configuration but not yet on every box, which could not be opened otherwise. Nothing happens without the marker.
     */
    private void finishH2PasswordChange() {
        if (isPhraseanetConfig(configFile) || !Files.isRegularFile(configFile)) return;
        AthanorConfig config;
        try {
            config = org.athanor.config.ConfigLoader.load(configFile);
        } catch (RuntimeException unreadable) {
            return;   // Installation.open reports it with the line
        }
        if (config.main().database().driver() != org.athanor.config.DatabaseDriver.H2) return;
        Path marker = Path.of(config.main().database().path()).toAbsolutePath().getParent().resolve(EmbeddedDatabaseSecurity.PENDING_MARKER);
        if (Files.exists(marker)) EmbeddedDatabaseSecurity.secure(configFile, config);
    }

    /** Return whether {@code configFile} is a Phraseanet 3.8 configuration ({@code main.database.driver: pdo_mysql}); false when unreadable. */
    public static boolean isPhraseanetConfig(Path configFile) {
        try {
            return Detector.isPhraseanetConfig(Detector.yamlTree(Files.readString(configFile), configFile));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Return the file {@link #FINISHED_MARKER} of the program folder {@code programHome}. */
    public static Path finishedMarker(Path programHome) {
        return programHome.toAbsolutePath().normalize().resolve("tmp").resolve(FINISHED_MARKER);
    }

    /**
     * Return whether the installation of {@code configFile} awaits {@code bin/setup system:upgrade} by this program: an
     * older Athanor, an interrupted upgrade, or a Phraseanet installation. Reads only, and closes every connection it
     * opened before returning (an H2 file is free again). False when there is no installation or it cannot be read.
     */
    public static boolean awaitsUpgrade(Path configFile, Path programHome) {
        if (!Files.exists(configFile)) return false;
        if (isPhraseanetConfig(configFile)) return true;
        try (Installation installation = Installation.open(configFile, programHome)) {
            return awaitsSteps(installation);
        } catch (UpgradeRefusedException e) {
            return e.reason() != Reason.UNKNOWN_INSTALLATION && e.reason() != Reason.DOWNGRADE;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void writeFinishedMarker(Installation installation, UpgradeLog log) {
        Path marker = finishedMarker(programHome);
        try {
            Files.createDirectories(marker.getParent());
            java.util.Properties p = new java.util.Properties();
            p.setProperty("from", installation.from().toString());
            p.setProperty("to", Version.NUMBER);
            p.setProperty("finished_at", clock.instant().toString());
            p.setProperty("log", String.valueOf(log.file()));
            AtomicFiles.write(marker, AtomicFiles.Permissions.DEFAULT, out -> p.store(out, "written by bin/setup system:upgrade"));
        } catch (IOException e) {
            log.line("could not write " + marker + " (a waiting server notices the upgrade later, at its next check): " + e.getMessage());
        }
    }

    /** Return the steps for {@code installation}, or refuse. Reads only. */
    Optional<List<UpgradeStep>> plan(Installation installation) {
        UpgradePolicy.Decision decision = policy(installation).decide(installation.detected());
        return switch (decision) {
            case UP_TO_DATE -> Optional.empty();
            case UPGRADE_ATHANOR -> Optional.of(UpgradeSteps.forAthanor(installation));
            case IMPORT_PHRASEANET -> Optional.of(UpgradeSteps.forPhraseanet388(installation, phraseanet));
        };
    }

    /**
     * Return whether {@code installation} awaits steps of this program (whether {@link #plan} has steps), or refuse. Reads
     * only: the version policy's decision, without building the steps.
     */
    static boolean awaitsSteps(Installation installation) {
        return policy(installation).decide(installation.detected()) != UpgradePolicy.Decision.UP_TO_DATE;
    }

    static UpgradePolicy policy(Installation installation) {
        String backups;
        try {
            backups = installation.detected().isPhraseanet() ? "the backups of the Phraseanet databases"
                    : "the sets in " + installation.config().main().storage().backupDir();
        } catch (AthanorException e) {
            backups = "the backup sets of this installation";
        }
        // this program imports Phraseanet 3.8.8: the engine is given the import (a PhraseanetImportPath) by the setup wiring
        return new UpgradePolicy(Version.CURRENT, Releases.OLDEST_UPGRADABLE, true, backups);
    }

    UpgradeExit run(Installation installation, UpgradeOptions options, PrintWriter out, PrintWriter err, Progress progress) {
        return run(installation, options, out, err, progress, () -> options.yes());
    }

    UpgradeExit run(Installation installation, UpgradeOptions options, PrintWriter out, PrintWriter err, Progress progress,
            java.util.function.BooleanSupplier confirm) {
        List<UpgradeStep> steps;
        try {
            Optional<List<UpgradeStep>> planned = plan(installation);
            if (planned.isEmpty()) {
                out.println("Nothing to do: the installation is at Athanor " + Version.NUMBER + " (" + installation.detected().evidence() + ").");
                return UpgradeExit.DONE;
            }
            steps = planned.get();
        } catch (UpgradeRefusedException e) {
            err.println(e.getMessage());
            return UpgradeExit.of(e.reason());
        }
        if (options.dryRun()) {
            printPlan(installation, steps, out);
            if (!options.dump()) return UpgradeExit.DONE;
        }
        if (options.dump()) {
            for (UpgradeStep s : steps) for (String sql : s.sql(installation)) out.println(sql.endsWith(";") ? sql : sql + ";");
            return UpgradeExit.DONE;
        }
        try {
            if (options.noBackup() && !options.yes()) {
                throw new UpgradeRefusedException(Reason.NOT_CONFIRMED, "--no-backup skips the automatic backup: give --yes with it to "
                        + "confirm that you have a backup of your own. Nothing was changed.");
            }
            preflight(installation, options);
        } catch (UpgradeRefusedException e) {
            err.println(e.getMessage());
            return UpgradeExit.of(e.reason());
        }
        if (!options.yes() && !confirm.getAsBoolean()) return UpgradeExit.BAD_ARGUMENT;
        return upgrade(installation, steps, options, out, err, progress);
    }

    private UpgradeExit upgrade(Installation installation, List<UpgradeStep> steps, UpgradeOptions options, PrintWriter out, PrintWriter err,
            Progress progress) {
        Instant start = clock.instant();
        UpgradeLog log = UpgradeLog.in(logDir(installation), installation.from().toString(), Version.NUMBER, start, clock);
        installation.log(log);
        boolean interrupted = Detector.interruptedFrom(installation.appbox()).isPresent();
        String backup = null;
        UpgradeLock lock;
        try {
            if (interrupted) {
                backup = new Checkpoints(installation.appbox()).get(BACKUP_CHECKPOINT).orElse(null);
                log.line("resuming the upgrade from " + installation.from() + " to " + Version.NUMBER
                        + (backup == null ? "" : "; pre-upgrade backup " + backup));
            } else if (!options.noBackup()) {
                progress.step("Backing up before the upgrade");
                backup = backUp(installation, progress);
                out.println("Backup before the upgrade: " + backup);
            } else {
                log.line("no automatic backup (--no-backup --yes)");
            }
            lock = UpgradeLock.acquire(installation.appbox(), installation.from(), Version.CURRENT, options.force(), clock);
        } catch (UpgradeRefusedException e) {
            err.println(e.getMessage());
            return UpgradeExit.of(e.reason());
        } catch (RuntimeException e) {
            err.println("The upgrade did not start: " + e.getMessage() + "\nNothing in the installation was changed.");
            log.line("did not start: " + e);
            return UpgradeExit.FATAL;
        }
        lock.takenOver().ifPresent(note -> {
            out.println(note);
            log.line(note);
        });
        log.line("upgrade from " + installation.detected().describe() + " to Athanor " + Version.NUMBER + " by pid "
                + ProcessHandle.current().pid() + "; program folder " + programHome + "; configuration " + configFile);
        String current = "starting";
        Boolean maintenanceBefore = null;
        try (lock) {
            Checkpoints checkpoints = installation.checkpoints();
            if (checkpoints.get(Detector.FROM_CHECKPOINT).isEmpty()) {
                checkpoints.put(Detector.FROM_CHECKPOINT, installation.from().toString());
                if (backup != null) checkpoints.put(BACKUP_CHECKPOINT, backup);
            }
            for (UpgradeStep step : steps) {
                if (step instanceof MigrateConfiguration && !step.isDone(installation)) MigrateConfiguration.keepOriginal(installation);
            }
            if (installation.detected().isPhraseanet()) {
                String zone = phraseanet.recordTimeZone(installation, options.legacyTimezone());
                out.println(zone + ".");
                log.line(zone);
            }
            maintenanceBefore = maintenanceOn(installation, checkpoints, log);
            current = "upgrade proof (before)";
            proof.recordBefore(installation);
            if (options.disconnectUsers()) disconnectUsers(installation, log);
            for (UpgradeStep step : steps) {
                current = step.name();
                installation.pausePoint(step.name());
                if (step.isDone(installation)) {
                    log.line(step.name() + ": already done");
                    continue;
                }
                progress.step(step.name());
                log.line(step.name() + ": started");
                step.apply(installation, progress);
                if (!step.isDone(installation)) {
                    throw new AthanorException(ErrorCode.UPGRADE_FAILED, "step " + step.name() + " ran but its result is not in the installation");
                }
                log.line(step.name() + ": done");
            }
            current = "upgrade proof (after)";
            UpgradeProofHook.Outcome outcome = proof.compareAfter(installation);
            log.line("upgrade proof:\n" + outcome.report());
            if (!outcome.equal()) {
                err.println("The upgrade proof found differences between before and after:\n  " + String.join("\n  ", outcome.differences()));
                err.println(rollback(installation, backup, log));
                log.line("FAILED: the proof found " + outcome.differences().size() + " difference(s)");
                return UpgradeExit.PROOF_FAILED;
            }
            maintenanceBack(installation, maintenanceBefore, log);
            checkpoints.clear("upgrade.");
            checkpoints.clear("data:");
            writeFinishedMarker(installation, log);
            Duration took = Duration.between(start, clock.instant());
            log.line("done in " + took.toSeconds() + " s");
            out.println("Upgraded " + installation.detected().describe() + " to Athanor " + Version.NUMBER + " in " + took.toSeconds() + " s.");
            for (String r : recommendations(installation)) out.println("Recommended: " + r);
            out.println("Log: " + log.file());
            return UpgradeExit.DONE;
        } catch (RuntimeException e) {
            log.line("FAILED at " + current + ": " + e);
            err.println("The upgrade failed at step " + current + ": " + e.getMessage());
            err.println(rollback(installation, backup, log));
            return UpgradeExit.FAILED;
        }
    }

    /** What to do after a failure: rerun, or roll back with the real paths; also logged. */
    private String rollback(Installation installation, String backup, UpgradeLog log) {
        String set = backup != null ? backup : "<the backup set you made before the upgrade>";
        if (installation.detected().isPhraseanet()) {
            String text = "Maintenance stays on. Fix the cause and run bin/setup system:upgrade again (it resumes where it stopped), or go"
                    + " back to Phraseanet 3.8.8:\n"
                    + "  1. load each dump of " + set + " (manifest.json lists them: appbox.sql, databox-<name>.sql) into its empty database,"
                    + " e.g. mariadb -e 'DROP DATABASE <db>; CREATE DATABASE <db>' && mariadb <db> < " + set + "/appbox.sql\n"
                    + "  2. put back config/configuration.yml from " + set + "/configuration.yml and Phraseanet's program folder in place of "
                    + programHome + ".\n"
                    + "Log: " + log.file();
            log.line(text);
            return text;
        }
        String text = "Maintenance stays on. Fix the cause and run bin/setup system:upgrade again (it resumes where it stopped, taking"
                + " over the lock of a killed run), or roll back:\n"
                + "  1. " + programHome.resolve("bin/setup") + " system:restore-db " + set + " --yes\n"
                + "  2. put the previous program folder back in place of " + programHome + " (keep its config/ folder), then restart"
                + " the server and the scheduler.\n"
                + "Log: " + log.file();
        log.line(text);
        return text;
    }

    // --- preflight

    /** Refuse, before any change, when the installation is in use or the machine is not ready. */
    void preflight(Installation installation, UpgradeOptions options) {
        UpgradeLock.refuseIfHeld(installation.appbox(), options.force(), clock);
        List<String> running = new ArrayList<>();
        schedulerRunning(installation.appbox()).ifPresent(running::add);
        if (!installation.detected().isPhraseanet()) {   // servers of 4.0.0 and later record heartbeats (appbox schema 4)
            ProcessRegistry processes = new ProcessRegistry(installation.appbox().jdbi(), clock);
            for (ProcessRegistry.AliveProcess p : processes.alive()) {
                if (!p.kind().equals(ProcessRegistry.SCHEDULER)) running.add(p.describe(clock.instant()) + " — " + p.howToStop());
            }
        }
        for (Path lock : installation.h2LocksAtOpen()) {
            running.add("a process has the H2 database open (lock file " + lock + "): a bin/console server:run, scheduler or command");
        }
        for (String live : installation.liveConnectionsAtOpen()) running.add("another process is connected to the " + live);
        if (!running.isEmpty()) {
            throw new UpgradeRefusedException(Reason.PROCESS_RUNNING, "The installation is in use:\n  - " + String.join("\n  - ", running)
                    + "\nStop the scheduler (bin/console task-manager:scheduler:stop) and every server of the old release (stop its "
                    + "service, e.g. systemctl stop athanor, or Ctrl-C its bin/console server:run), then run bin/setup system:upgrade "
                    + "again. Nothing was changed.");
        }
        long sessions = activeSessions(installation);
        if (sessions > 0 && !options.disconnectUsers()) {
            throw new UpgradeRefusedException(Reason.SESSIONS_ACTIVE, sessions + " user session(s) are active in the appbox. Sign the "
                    + "users out (bin/console sessions:disconnect --all with the old release), or run bin/setup system:upgrade "
                    + "--disconnect-users. Nothing was changed.");
        }
        if (!installation.detected().isPhraseanet()) {
            CheckResult check = new SystemCheck(programHome, finder, new UpgradeVersionCheck(programHome))
                    .run(Optional.of(installation.config()));
            List<CheckLine> errors = new ArrayList<>(check.withStatus(CheckLine.Status.ERROR));
            errors.removeIf(l -> l.subject().equals(SystemCheck.H2_ACCESS));   // the upgrade's first step fixes it
            if (!errors.isEmpty()) {
                StringBuilder b = new StringBuilder("bin/setup check:system reports errors:");
                for (CheckLine l : errors) b.append("\n  - ").append(l.subject()).append(": ").append(l.message()).append(" ").append(l.advice());
                throw new UpgradeRefusedException(Reason.CHECK_FAILED, b + "\nFix them, then run bin/setup system:upgrade again. Nothing was changed.");
            }
        }
        if (installation.detected().isPhraseanet()) phraseanet.preflight(installation, options.legacyTimezone());
        if (!options.noBackup()) requireDisk(installation, backupDirectory(installation));
    }

    /** Return where the automatic backup goes: {@code main.storage.backup}, or {@code <data>/backups} of a Phraseanet installation. */
    private Path backupDirectory(Installation installation) {
        if (installation.detected().isPhraseanet() && !isAthanorConfig(installation)) {
            return phraseanet.backupDirectory(installation);
        }
        return installation.config().main().storage().backupDir();
    }

    private static Optional<String> schedulerRunning(Box appbox) {
        if (!Detector.tableExists(appbox, "scheduler_state")) return Optional.empty();
        return appbox.jdbi().withHandle(h -> h.createQuery("SELECT actual_status, heartbeat, host, pid FROM scheduler_state WHERE id = 1")
                .map((rs, ctx) -> {
                    String status = rs.getString("actual_status");
                    Instant beat = ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "heartbeat", ctx);
                    boolean active = "started".equalsIgnoreCase(status) || "stopping".equalsIgnoreCase(status);
                    if (!active || beat == null || Duration.between(beat, Instant.now()).compareTo(SchedulerGuard.FRESH) >= 0) return null;
                    return "the scheduler is " + status + " (pid " + rs.getLong("pid") + " on " + rs.getString("host") + ", heartbeat "
                            + Duration.between(beat, Instant.now()).toSeconds() + " s ago)";
                }).findOne().flatMap(Optional::ofNullable));
    }

    private static long activeSessions(Installation installation) {
        Box appbox = installation.appbox();
        if (installation.detected().isPhraseanet() || !Detector.tableExists(appbox, "sessions")) return 0;
        Instant now = Instant.now();
        Duration idle = installation.config().session().idle();
        return appbox.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sessions WHERE expires_at > :now"
                        + (idle.isZero() ? "" : " AND last_seen >= :limit"))
                .bind("now", now).bind("limit", now.minus(idle)).mapTo(Long.class).one());
    }

    private static void disconnectUsers(Installation installation, UpgradeLog log) {
        Box appbox = installation.appbox();
        int n = appbox.jdbi().inTransaction(h -> {
            if (Detector.tableExists(appbox, "remember_tokens")) h.createUpdate("DELETE FROM remember_tokens").execute();
            return h.createUpdate("DELETE FROM sessions").execute();
        });
        log.line("--disconnect-users: " + n + " session(s) ended");
    }

    private static void requireDisk(Installation installation, Path dir) {
        long need = totalSize(installation) + totalSize(installation) / 5;
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return;
        long free;
        try {
            free = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return;
        }
        if (free < need) {
            throw new UpgradeRefusedException(Reason.DISK_SPACE, "The automatic backup needs about " + BoxSizes.human(need) + " in " + dir
                    + ", only " + BoxSizes.human(free) + " are free. Free some space (or set main.storage.backup to a larger disk), "
                    + "then run bin/setup system:upgrade again. Nothing was changed.");
        }
    }

    private static long totalSize(Installation installation) {
        long n = BoxSizes.of(installation.appbox());
        for (InstalledDatabox d : installation.databoxes()) n += BoxSizes.of(d.box());
        return n;
    }

    // --- backup, maintenance, plan

    private String backUp(Installation installation, Progress progress) {
        BackupSet set;
        if (installation.detected().isPhraseanet() && !isAthanorConfig(installation)) {
            // no Athanor configuration yet: dump the Phraseanet boxes this upgrade has open, into the folder Athanor will use
            List<BackupService.OpenBox> databoxes = installation.databoxes().stream()
                    .map(d -> new BackupService.OpenBox(d.box(), d.sbasId())).toList();
            set = BackupService.forOpenBoxes(installation.configFile(), backupDirectory(installation), programHome, finder, clock)
                    .backUpOpenBoxes(null, org.athanor.setup.backup.Manifest.PHRASEANET_388, installation.appbox(), databoxes,
                            Compression.NONE, Duration.ofHours(6), progress);
        } else {
            set = new BackupService(installation.config(), programHome, finder, clock).backUpAll(null, Compression.NONE, Duration.ofHours(6), progress);
        }
        if (!set.isComplete()) {
            throw new AthanorException(ErrorCode.IO, "the automatic backup " + set.dir() + " is incomplete: " + set.failures()
                    + ". Fix the cause (see the set's manifest.json), or make a backup yourself and pass --no-backup --yes");
        }
        installation.log().line("backup before the upgrade: " + set.dir());
        return set.dir().toString();
    }

    /** Switch maintenance on, remembering (in a checkpoint, once) whether it was on. Return whether it was on before. */
    private static boolean maintenanceOn(Installation installation, Checkpoints checkpoints, UpgradeLog log) {
        if (installation.detected().isPhraseanet() && !isAthanorConfig(installation)) return true;
        Optional<String> before = checkpoints.get(MAINTENANCE_CHECKPOINT);
        boolean wasOn = before.map(Boolean::parseBoolean).orElseGet(() -> installation.config().main().maintenance());
        if (before.isEmpty()) checkpoints.put(MAINTENANCE_CHECKPOINT, Boolean.toString(wasOn));
        if (!installation.config().main().maintenance()) {
            ConfigWriter.setValue(installation.configFile(), "main.maintenance", Boolean.TRUE);
            installation.reloadConfig();
            log.line("maintenance switched on for the upgrade");
        }
        return wasOn;
    }

    private static void maintenanceBack(Installation installation, Boolean before, UpgradeLog log) {
        if (before == null || before) return;
        ConfigWriter.setValue(installation.configFile(), "main.maintenance", Boolean.FALSE);
        installation.reloadConfig();
        log.line("maintenance switched back off");
    }

    private static boolean isAthanorConfig(Installation installation) {
        return !Detector.isPhraseanetConfig(installation.rawConfig());
    }

    private Path logDir(Installation installation) {
        return programHome.resolve("logs");
    }

    private void printPlan(Installation installation, List<UpgradeStep> steps, PrintWriter out) {
        out.println("Upgrade plan: " + installation.detected().describe() + " -> Athanor " + Version.NUMBER);
        for (DetectedInstallation.BoxVersion b : installation.detected().boxes()) out.println("  found " + b.describe());
        int i = 1;
        for (UpgradeStep s : steps) {
            boolean done = s.isDone(installation);
            out.println(String.format("%2d. %s%s", i++, s.name(), done ? " (already done)" : ""));
            if (!done) for (String line : s.plan(installation)) out.println("      " + line);
        }
        long bytes = totalSize(installation);
        long seconds = Math.max(1, bytes / ESTIMATE_BYTES_PER_SECOND);
        out.println("Boxes: " + BoxSizes.human(bytes) + "; estimated time about " + seconds + " s (backup " + seconds + " s more)");
        out.println("Before the first change: a backup in " + backupDirOrUnknown(installation) + ", maintenance on, the upgrade proof.");
        out.println("Nothing was changed (--dry-run).");
    }

    private String backupDirOrUnknown(Installation installation) {
        try {
            return backupDirectory(installation).toString();
        } catch (RuntimeException e) {
            return "the data folder";
        }
    }

    /** What the administrator should do next. */
    List<String> recommendations(Installation installation) {
        List<String> r = new ArrayList<>();
        r.add("bin/console check:config; then restart the scheduler (bin/console task-manager:scheduler:start) and its tasks");
        boolean maintenance;
        try {
            installation.reloadConfig();
            maintenance = installation.config().main().maintenance();
        } catch (AthanorException e) {
            maintenance = false;
        }
        if (installation.detected().isPhraseanet()) {
            r.add(phraseanet.recommendation());
            long regenerate = Detector.tableExists(installation.appbox(), "jobs") ? installation.appbox().jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM jobs WHERE job_type = 'subdefs' AND state = 'queued'").mapTo(Long.class).one()) : 0;
            if (regenerate > 0) {
                r.add(regenerate + " subdefinition(s) whose file was missing in Phraseanet's folders are queued for regeneration"
                        + " (subdefs jobs): start the scheduler and its subdefs task to make them.");
            }
        }
        if (maintenance) r.add("maintenance is on, as it was before the upgrade: bin/console system:maintenance off when you are satisfied");
        return r;
    }
}
