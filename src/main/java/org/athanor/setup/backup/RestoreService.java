package org.athanor.setup.backup;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.appbox.Registry;
import org.athanor.config.AthanorConfig;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.Engine;
import org.athanor.programs.Programs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code system:restore-db}: puts every box of a backup set back to exactly its backed-up state.
 *
 * <p>Works without opening the installation the usual way (no schema check), so that it runs when {@code bin/console}
 * refuses, e.g. after a failed upgrade left a schema newer than the program. Before changing anything it checks the
 * set (complete, every checksum, made by this Athanor version), the tools, and that the scheduler does not run.
 */
public final class RestoreService {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreService.class);

    private final AthanorConfig config;
    private final Programs programs;
    private final Clock clock;

    public RestoreService(AthanorConfig config, Programs programs, Clock clock) {
        this.config = config;
        this.programs = programs;
        this.clock = clock;
    }

    /** What one box was restored from, and where to. */
    public record RestoredBox(String label, String file, String database, Duration took) {}

    /**
     * What a restore did.
     *
     * @param notes what the administrator should know: the configuration put back, a set of an older release
     */
    public record RestoreReport(BackupSet set, List<RestoredBox> boxes, List<String> notes) {}

    /**
     * Read and check the set without changing anything: it must be complete, every file must match its checksum, and it
     * must have been made by this Athanor release or an older one (the backup made before an upgrade, to roll it back).
     *
     * @throws AthanorException BAD_ARGUMENT for a damaged, incomplete or tampered set; CONFLICT for another version
     */
    public BackupSet check(Path setDir) {
        BackupSet set = BackupSet.read(setDir);
        Manifest m = set.manifest();
        List<String> problems = set.verify();
        if (!problems.isEmpty()) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "The backup set " + set.dir() + " does not match its manifest:\n  "
                    + String.join("\n  ", problems) + "\nIt was damaged or changed after it was made: restore from another set. Nothing was changed.");
        }
        if (!m.complete()) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "The backup set " + set.dir() + " is incomplete (the backup "
                    + (set.failures().isEmpty() ? "was interrupted" : "failed for " + set.failures().stream().map(Manifest.BoxEntry::label)
                    .collect(Collectors.joining(", "))) + "): restore from a complete set. Nothing was changed.");
        }
        if (m.isPhraseanet()) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "The backup set " + set.dir() + " holds the databases of a "
                    + m.installation() + " installation (made by system:upgrade before its import): it goes back to Phraseanet, not"
                    + " into Athanor. Load each dump its manifest.json lists into its emptied database (e.g. mariadb <db> < "
                    + set.dir().resolve("appbox.sql") + "), put back its configuration.yml and Phraseanet's program folder. Nothing was changed.");
        }
        SetRelease.check(set);   // this release's sets, and older ones: the rollback of an upgrade
        if (m.boxes().isEmpty() || !"appbox".equals(m.boxes().get(0).kind())) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "The backup set " + set.dir() + " holds no appbox: restore from a complete set. Nothing was changed.");
        }
        return set;
    }

    /**
     * Restore every box of the set: the appbox into {@code main.database} of the configuration, then each databox into
     * the database the restored appbox registers for it. Each database is dropped and made again from its dump. Last,
     * configuration.yml is put back byte for byte as the set holds it (the file replaced is kept beside it).
     *
     * @throws AthanorException before any change for a bad set, a missing tool or a running scheduler; during the
     *     restore, with what was restored already and what to do
     */
    public RestoreReport restore(Path setDir, Progress progress) {
        progress.step("Checking the backup set " + setDir.toAbsolutePath().normalize());
        return restoreChecked(check(setDir), progress);
    }

    /**
     * Restore a set that {@link #check(Path)} returned (its checksums are not verified again), as {@link #restore(Path, Progress)}
     * does after checking it.
     */
    public RestoreReport restoreChecked(BackupSet set, Progress progress) {
        Manifest m = set.manifest();
        Compression compression = Compression.of(m.compression());
        BoxConnection appboxConnection = BoxConnection.of(config.main().database());
        List<Engine> engines = new ArrayList<>(List.of(appboxConnection.engine()));
        m.boxes().forEach(b -> engines.add(Engine.of(b.engine())));
        BoxDump.requireTools(engines, programs, true);
        compression.requireTools(programs);
        SchedulerGuard.refuseWhileAnyRunning(appboxConnection, clock, "run system:restore-db");

        List<RestoredBox> done = new ArrayList<>();
        Manifest.BoxEntry appboxEntry = m.boxes().get(0);
        restoreBox(set, appboxEntry, appboxConnection, compression, progress, done);

        Map<Integer, RegisteredDatabox> registered;
        try (Box appbox = Box.open(BoxKind.APPBOX, "appbox", appboxConnection)) {
            registered = Registry.of(appbox).databoxes().stream()
                    .collect(Collectors.toMap(d -> d.id().value(), Function.identity()));
        }
        for (Manifest.BoxEntry entry : m.boxes().subList(1, m.boxes().size())) {
            RegisteredDatabox d = registered.get(entry.sbasId());
            if (d == null) {
                throw new AthanorException(ErrorCode.INTERNAL, "The restored appbox registers no databox with sbas_id " + entry.sbasId()
                        + " for " + entry.label() + " of the set. Restored so far: " + labels(done) + ". Check the set's manifest.json.");
            }
            restoreBox(set, entry, d.connection(), compression, progress, done);
        }
        List<String> notes = new ArrayList<>();
        progress.step("Putting back " + config.file() + " as the set holds it");
        ConfigRestore.restore(set, config.file(), clock).ifPresent(saved -> notes.add("configuration.yml put back as in the set; "
                + "the file it replaced is kept as " + saved + "."));
        SetRelease.olderNote(set).ifPresent(notes::add);
        LOG.info("restored backup set {}: {} boxes", set.dir(), done.size());
        return new RestoreReport(set, done, notes);
    }

    private void restoreBox(BackupSet set, Manifest.BoxEntry entry, BoxConnection target, Compression compression,
                            Progress progress, List<RestoredBox> done) {
        Instant start = clock.instant();
        Path file = set.dir().resolve(entry.file());
        progress.step("Restoring " + entry.label() + " from " + entry.file() + " into " + target.describe());
        try (InputStream in = compression.decompress(new BufferedInputStream(Files.newInputStream(file), 1 << 20), programs)) {
            BoxDump.recreateAndLoad(target, in, programs, bytes -> progress.advance(bytes, 0));
        } catch (AthanorException e) {
            throw new AthanorException(e.code(), "Cannot restore " + entry.label() + " into " + target.describe() + ": "
                    + e.getMessage() + "\nRestored before: " + labels(done) + ". Fix the cause and run system:restore-db again.", e);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new AthanorException(ErrorCode.INTERNAL, "Cannot restore " + entry.label() + " into " + target.describe() + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage().strip()) + "\nRestored before: " + labels(done)
                    + ". The database of " + entry.label() + " is incomplete: fix the cause and run system:restore-db again.", e);
        }
        done.add(new RestoredBox(entry.label(), entry.file(), target.describe(), Duration.between(start, clock.instant())));
    }

    private static String labels(List<RestoredBox> done) {
        return done.isEmpty() ? "none" : done.stream().map(RestoredBox::label).collect(Collectors.joining(", "));
    }
}
