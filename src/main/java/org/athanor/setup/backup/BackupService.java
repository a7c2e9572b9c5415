package org.athanor.setup.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.core.Version;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.appbox.Registry;
import org.athanor.config.AthanorConfig;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.SchemaMigrator;
import org.athanor.files.RealPaths;
import org.athanor.programs.ProgramException;
import org.athanor.programs.Programs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code system:backup-db}: dumps the appbox and every databox into one backup set with a verified manifest.
 *
 * <p>The set's manifest is written first, marked incomplete, and rewritten after each box; only when every box is on
 * disk is it rewritten complete. A set cut short by a failure, a timeout or a killed process therefore always says
 * it is incomplete, and restore refuses it.
 */
public final class BackupService {
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final long PROGRESS_EVERY_BYTES = 8L * 1024 * 1024;

    private final AthanorConfig config;
    private final Path configFile;
    private final Path defaultDirectory;
    private final Path programHome;
    private final Programs programs;
    private final Clock clock;

    /**
     * @param programHome the program folder, where no set may be written (an upgrade replaces it)
     * @param programs where pg_dump, mariadb-dump and bzip2 are looked up
     */
    public BackupService(AthanorConfig config, Path programHome, Programs programs, Clock clock) {
        this(config, config.file(), config.main().storage().backupDir(), programHome, programs, clock);
    }

    private BackupService(AthanorConfig config, Path configFile, Path defaultDirectory, Path programHome, Programs programs, Clock clock) {
        this.config = config;
        this.configFile = configFile;
        this.defaultDirectory = defaultDirectory;
        this.programHome = programHome.toAbsolutePath().normalize();
        this.programs = programs;
        this.clock = clock;
    }

    /**
     * Return a service that backs up boxes its caller has open, for an installation that has no Athanor configuration
     * yet (the Phraseanet 3.8.8 installation {@code system:upgrade} imports): see {@link #backUpOpenBoxes}.
     *
     * @param configFile the installation's configuration file, copied into the set as it is
     * @param defaultDirectory where sets go: the folder Athanor will use ({@code <data>/backups})
     */
    public static BackupService forOpenBoxes(Path configFile, Path defaultDirectory, Path programHome, Programs programs, Clock clock) {
        return new BackupService(null, configFile, defaultDirectory, programHome, programs, clock);
    }

    /** One box already open, to back up: the appbox ({@code sbasId} null) or a databox. */
    public record OpenBox(Box box, Integer sbasId) {}

    /** Return the folder sets go to when none is given: {@code main.storage.backup}, default {@code <data>/backups}. */
    public Path defaultDirectory() {
        return defaultDirectory;
    }

    /**
     * Back up every box into a new set in {@code directory}.
     *
     * @param directory where to make the set's folder; {@code null} for {@link #defaultDirectory()}
     * @param timeout how long one box's dump may run before it is killed; {@code null} or zero for no limit
     * @return the set, complete or not: a box that fails is recorded with its error and the others are still dumped
     * @throws AthanorException before anything is written: BAD_ARGUMENT for a folder inside the program folder,
     *     CONFIG_INVALID when a dump tool is missing (naming the package), IO when the folder cannot be made
     */
    public BackupSet backUpAll(Path directory, Compression compression, Duration timeout, Progress progress) {
        if (config == null) throw new IllegalStateException("a service for open boxes backs up with backUpOpenBoxes");
        Path parent = checkedParent(directory);
        BoxConnection appboxConnection = BoxConnection.of(config.main().database());
        BoxDump.requireTools(List.of(appboxConnection.engine()), programs, false);
        compression.requireTools(programs);

        Instant started = clock.instant();
        Path dir = createSetFolder(parent, started);
        progress.step("Backing up into " + dir);
        List<Manifest.BoxEntry> boxes = new ArrayList<>();
        List<Manifest.FileEntry> files = new ArrayList<>();
        BackupSet set = BackupSet.write(dir, manifest(compression, started, null, false, boxes, files, null));
        files.add(copyConfiguration(dir));
        set = BackupSet.write(dir, manifest(compression, started, null, false, boxes, files, null));

        List<RegisteredDatabox> databoxes = List.of();
        Box appbox = null;
        try {
            try {
                appbox = Box.open(BoxKind.APPBOX, "appbox", appboxConnection);
                databoxes = Registry.of(appbox).databoxes();
            } catch (RuntimeException e) {
                boxes.add(failed(BoxKind.APPBOX, "appbox", null, appboxConnection, clock.instant(), e.getMessage()));
                LOG.warn("backup: appbox unreachable: {}", e.getMessage());
            }
            if (appbox != null) {
                boxes.add(dumpBox(appbox, null, dir, compression, timeout, progress, files));
                set = BackupSet.write(dir, manifest(compression, started, null, false, boxes, files, null));
            }
        } finally {
            if (appbox != null) appbox.close();
        }
        for (RegisteredDatabox d : databoxes) {
            Instant boxStart = clock.instant();
            try (Box box = Box.open(BoxKind.DATABOX, d.name(), d.connection())) {
                boxes.add(dumpBox(box, d.id().value(), dir, compression, timeout, progress, files));
            } catch (RuntimeException e) {
                boxes.add(failed(BoxKind.DATABOX, d.name(), d.id().value(), d.connection(), boxStart, e.getMessage()));
            }
            set = BackupSet.write(dir, manifest(compression, started, null, false, boxes, files, null));
        }
        return finish(dir, compression, started, boxes, files, null);
    }

    /**
     * Back up boxes the caller has open into a new set in {@code directory}, the manifest naming {@code installation}
     * (e.g. {@link Manifest#PHRASEANET_388}): what {@code system:upgrade} does before importing a Phraseanet
     * installation, whose databases it has open and which has no Athanor configuration yet. Dumped with the same tools
     * (mariadb-dump --single-transaction…) and written the same way as {@link #backUpAll}.
     *
     * @param appbox the appbox, dumped first; then each databox in the order given
     * @throws AthanorException as {@link #backUpAll}, before anything is written
     */
    public BackupSet backUpOpenBoxes(Path directory, String installation, Box appbox, List<OpenBox> databoxes, Compression compression,
                                     Duration timeout, Progress progress) {
        Path parent = checkedParent(directory);
        List<org.athanor.db.Engine> engines = new ArrayList<>(List.of(appbox.engine()));
        databoxes.forEach(d -> engines.add(d.box().engine()));
        BoxDump.requireTools(engines, programs, false);
        compression.requireTools(programs);

        Instant started = clock.instant();
        Path dir = createSetFolder(parent, started);
        progress.step("Backing up into " + dir);
        List<Manifest.BoxEntry> boxes = new ArrayList<>();
        List<Manifest.FileEntry> files = new ArrayList<>();
        BackupSet.write(dir, manifest(compression, started, null, false, boxes, files, installation));
        files.add(copyConfiguration(dir));
        BackupSet.write(dir, manifest(compression, started, null, false, boxes, files, installation));
        boxes.add(dumpBox(appbox, null, dir, compression, timeout, progress, files));
        BackupSet.write(dir, manifest(compression, started, null, false, boxes, files, installation));
        for (OpenBox d : databoxes) {
            boxes.add(dumpBox(d.box(), d.sbasId(), dir, compression, timeout, progress, files));
            BackupSet.write(dir, manifest(compression, started, null, false, boxes, files, installation));
        }
        return finish(dir, compression, started, boxes, files, installation);
    }

    private Path checkedParent(Path directory) {
        Path parent = (directory == null ? defaultDirectory() : directory).toAbsolutePath().normalize();
        if (RealPaths.isInside(parent, programHome)) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "Backup folder " + parent + " is inside the program folder "
                    + programHome + ", which an upgrade replaces: give a folder outside it, e.g. " + defaultDirectory()
                    + (RealPaths.isInside(defaultDirectory(), programHome) ? " (after moving main.storage out of the program folder)" : ""));
        }
        return parent;
    }

    private BackupSet finish(Path dir, Compression compression, Instant started, List<Manifest.BoxEntry> boxes,
                             List<Manifest.FileEntry> files, String installation) {
        boolean complete = !boxes.isEmpty() && boxes.stream().allMatch(Manifest.BoxEntry::ok) && boxes.get(0).kind().equals("appbox");
        BackupSet set = BackupSet.write(dir, manifest(compression, started, clock.instant(), complete, boxes, files, installation));
        syncFolder(dir);
        if (complete) LOG.info("backup set {} complete: {} boxes", dir, boxes.size());
        else LOG.warn("backup set {} incomplete: {}", dir, set.failures().stream().map(Manifest.BoxEntry::label).toList());
        return set;
    }

    private Manifest.BoxEntry dumpBox(Box box, Integer sbasId, Path dir, Compression compression, Duration timeout,
                                      Progress progress, List<Manifest.FileEntry> files) {
        Instant boxStart = clock.instant();
        BoxKind kind = box.kind();
        String label = kind.folder() + " '" + box.name() + "'";
        progress.step("Dumping " + label + " (" + box.connection().describe() + ")");
        String serverVersion = null;
        String schema = null;
        String fileName = (kind == BoxKind.APPBOX ? "appbox" : "databox-" + box.name()) + ".sql" + compression.suffix();
        Path file = dir.resolve(fileName);
        try {
            serverVersion = serverVersion(box);
            schema = schemaVersion(box);
            if (box.engine().isServer()) DumpTools.of(box.engine()).requireDump(programs);
            MessageDigest digest = BackupSet.newDigest();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                BackupFiles.ownerOnly(file);
                OutputStream raw = new DigestOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20), digest);
                try (OutputStream compressed = compression.compress(raw, programs)) {
                    long[] next = {PROGRESS_EVERY_BYTES};
                    BoxDump.dump(box, compressed, timeout, programs, bytes -> {
                        if (bytes >= next[0]) {
                            progress.advance(bytes, 0);
                            next[0] = bytes + PROGRESS_EVERY_BYTES;
                        }
                    });
                }
                raw.flush();
                channel.force(true);
            }
            long size = Files.size(file);
            files.add(new Manifest.FileEntry(fileName, size, HexFormat.of().formatHex(digest.digest())));
            progress.advance(size, size);
            return new Manifest.BoxEntry(kind.folder(), box.name(), sbasId, box.engine().id(), box.connection().describe(),
                    serverVersion, schema, fileName, Manifest.BoxEntry.OK, null, boxStart, clock.instant());
        } catch (ProgramException e) {
            deleteQuietly(file);
            if (e.reason() != ProgramException.Reason.TIMED_OUT) {
                return failed(kind, box.name(), sbasId, box.connection(), boxStart, "Cannot back up " + box.describe() + ": " + message(e))
                        .withVersions(serverVersion, schema);
            }
            return new Manifest.BoxEntry(kind.folder(), box.name(), sbasId, box.engine().id(), box.connection().describe(),
                    serverVersion, schema, null, Manifest.BoxEntry.TIMED_OUT, "Cannot back up " + box.describe() + ": " + e.getMessage()
                    + ". Find what holds the database (a long transaction or lock), or give a longer --timeout.", boxStart, clock.instant());
        } catch (Exception e) {
            deleteQuietly(file);
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return failed(kind, box.name(), sbasId, box.connection(), boxStart, "Cannot back up " + box.describe() + ": " + message(e))
                    .withVersions(serverVersion, schema);
        }
    }

    /** Return the server's product and version, e.g. {@code PostgreSQL 15.8}, read on a pooled connection. */
    private static String serverVersion(Box box) throws SQLException {
        try (Connection c = box.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        }
    }

    /**
     * Return the box's schema version, the highest version applied in its history table; {@code null} without one.
     * Read with plain SQL: starting Flyway would cost more than dumping a small box.
     */
    private static String schemaVersion(Box box) {
        try {
            List<String> versions = box.jdbi().withHandle(h -> h.createQuery("SELECT version FROM " + SchemaMigrator.HISTORY_TABLE
                    + " WHERE success = TRUE AND version IS NOT NULL").mapTo(String.class).list());
            return versions.stream().max(BackupService::compareVersions).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(i < x.length ? Long.parseLong(x[i]) : 0, i < y.length ? Long.parseLong(y[i]) : 0);
            if (c != 0) return c;
        }
        return 0;
    }

    private Manifest.BoxEntry failed(BoxKind kind, String name, Integer sbasId, BoxConnection c, Instant started, String error) {
        return new Manifest.BoxEntry(kind.folder(), name, sbasId, c.engine().id(), c.describe(), null, null, null,
                Manifest.BoxEntry.FAILED, error, started, clock.instant());
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.strip();
    }

    private Manifest manifest(Compression compression, Instant started, Instant finished, boolean complete,
                              List<Manifest.BoxEntry> boxes, List<Manifest.FileEntry> files, String installation) {
        return new Manifest(Manifest.FORMAT, Version.NUMBER, complete, compression.id(), started, finished, boxes, files, installation);
    }

    private Path createSetFolder(Path parent, Instant started) {
        String base = BackupSet.PREFIX + FOLDER_TIME.format(started.atZone(ZoneId.systemDefault()));
        try {
            Files.createDirectories(parent);
            for (int n = 1; ; n++) {
                Path dir = parent.resolve(n == 1 ? base : base + "-" + n);
                try {
                    Files.createDirectory(dir);
                    BackupFiles.ownerOnlyFolder(dir);
                    return dir;
                } catch (FileAlreadyExistsException taken) {
                    // two sets in one second: take the next name
                }
            }
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot create the backup set folder in " + parent + ": " + e
                    + ". Check that the folder exists and is writable by the user running Athanor, or give another DIRECTORY.", e);
        }
    }

    private Manifest.FileEntry copyConfiguration(Path dir) {
        Path copy = dir.resolve(BackupSet.CONFIG_COPY);
        try {
            Files.write(copy, new byte[0], StandardOpenOption.CREATE_NEW);
            BackupFiles.ownerOnly(copy);
            Files.write(copy, Files.readAllBytes(configFile), StandardOpenOption.TRUNCATE_EXISTING);
            return new Manifest.FileEntry(BackupSet.CONFIG_COPY, Files.size(copy), BackupSet.sha256(copy));
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot copy " + configFile + " into " + dir + ": " + e
                    + ". Check the free space and permissions of the backup folder.", e);
        }
    }

    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every file system lets a folder be synced; the files themselves were
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete the partial dump {}: {}", file, e.getMessage());
        }
    }
}
