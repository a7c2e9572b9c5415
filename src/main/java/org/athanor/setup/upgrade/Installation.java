package org.athanor.setup.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.ReleaseVersion;
import org.athanor.core.Version;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.db.Box;

/**
 * What an {@link UpgradeStep} works on: the configuration file, the open appbox and databoxes, the data folder, the
 * upgrade log, the checkpoints, and the detected version. Opened by {@link UpgradeService}; opening changes nothing.
 *
 * <p>For a Phraseanet installation {@link #config()} fails until the configuration step has written Athanor's file;
 * {@link #rawConfig()} reads either shape.
 */
public final class Installation implements AutoCloseable {
    /** Environment variable of the crash tests' pause hook; see {@link #pausePoint(String)}. */
    public static final String PAUSE_ENV = "ATHANOR_UPGRADE_PAUSE_AT";

    private final Path configFile;
    private final Path programHome;
    private final Box appbox;
    private final List<InstalledDatabox> databoxes;
    private final DetectedInstallation detected;
    private final String pauseAt;
    private UpgradeLog log = UpgradeLog.none();
    private List<Path> h2LocksAtOpen = List.of();
    private List<String> liveConnectionsAtOpen = List.of();
    private AthanorConfig config;

    Installation(Path configFile, Path programHome, Box appbox, List<InstalledDatabox> databoxes, DetectedInstallation detected,
            String pauseAt) {
        this.configFile = configFile.toAbsolutePath().normalize();
        this.programHome = programHome.toAbsolutePath().normalize();
        this.appbox = appbox;
        this.databoxes = new ArrayList<>(databoxes);
        this.detected = detected;
        this.pauseAt = pauseAt == null || pauseAt.isBlank() ? null : pauseAt.strip();
    }

    /**
     * Open the installation described by {@code configFile} and detect its version; nothing is written.
     *
     * @param programHome this program's folder ({@code logs/} lives there)
     * @throws UpgradeRefusedException UNKNOWN_INSTALLATION when the boxes hold nothing this program recognizes
     * @throws AthanorException NOT_INSTALLED / CONFIG_INVALID / DATABASE_UNREACHABLE as the configuration and databases say
     */
    public static Installation open(Path configFile, Path programHome) {
        return Detector.open(configFile, programHome, System.getenv(PAUSE_ENV));
    }

    /**
     * Open the installation as {@link #open} does, but leave the modes of its H2 files as they are: for reports that must
     * change nothing ({@code check:system}'s version line).
     */
    public static Installation openToReport(Path configFile, Path programHome) {
        return Detector.open(configFile, programHome, null, false);
    }

    /** Return the configuration file ({@code config/configuration.yml}). */
    public Path configFile() {
        return configFile;
    }

    /** Return this program's folder. */
    public Path programHome() {
        return programHome;
    }

    /** Return the configuration file's current text. */
    public String configText() {
        try {
            return Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new AthanorException(ErrorCode.NOT_INSTALLED, "No configuration at " + configFile + ".", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
    }

    /** Return the configuration file as a YAML tree, whatever its shape (Athanor's or Phraseanet 3.8's). */
    public JsonNode rawConfig() {
        return Detector.yamlTree(configText(), configFile);
    }

    /**
     * Return Athanor's configuration, read once from the file; after a step rewrote the file, call {@link #reloadConfig()}.
     *
     * @throws org.athanor.config.ConfigException when the file is not (yet) Athanor's
     */
    public AthanorConfig config() {
        if (config == null) config = ConfigLoader.load(configFile);
        return config;
    }

    /** Forget the configuration read so far; the next {@link #config()} reads the file again. */
    public void reloadConfig() {
        config = null;
    }

    /** Return the open appbox. */
    public Box appbox() {
        return appbox;
    }

    /** Return the open databoxes, in sbas_id order. */
    public List<InstalledDatabox> databoxes() {
        return List.copyOf(databoxes);
    }

    /** Return the open databox with this sbas_id. */
    public Optional<InstalledDatabox> databox(int sbasId) {
        return databoxes.stream().filter(d -> d.sbasId() == sbasId).findFirst();
    }

    /**
     * Open the databoxes the appbox now registers that are not open yet (after a step registered some, e.g. the
     * Phraseanet import); the installation closes them.
     */
    public void refreshDataboxes() {
        for (InstalledDatabox d : Detector.registeredDataboxes(appbox)) {
            if (databox(d.sbasId()).isEmpty()) databoxes.add(d);
            else d.box().close();
        }
        databoxes.sort(java.util.Comparator.comparingInt(InstalledDatabox::sbasId));
    }

    /** Return what was found installed, before any step ran. */
    public DetectedInstallation detected() {
        return detected;
    }

    /** Return the release the installation is upgraded from. */
    public ReleaseVersion from() {
        return detected.release();
    }

    /** Return the release the installation is upgraded to: this program's. */
    public ReleaseVersion to() {
        return Version.CURRENT;
    }

    /** Return the data folder ({@code main.storage.data}); Athanor's configuration must be in place. */
    public Path dataPath() {
        return config().main().storage().data();
    }

    /** Return the upgrade log steps write to. */
    public UpgradeLog log() {
        return log;
    }

    void log(UpgradeLog log) {
        this.log = log;
    }

    /** Return the checkpoints kept in the appbox (table {@code upgrade_checkpoints}), for data migrations. */
    public Checkpoints checkpoints() {
        return new Checkpoints(appbox);
    }

    /**
     * Test hook of the crash tests (environment variable {@value #PAUSE_ENV}): when {@code point} is the one named
     * there ({@code <step name>} before a step, {@code <step name>#<batch number>} after a batch of a data migration
     * was committed), print {@code upgrade: paused at <point>} on stderr and block forever, so that the test can
     * SIGKILL the process at exactly that moment. Does nothing when the variable is not set.
     */
    public void pausePoint(String point) {
        boolean here = pauseAt != null && pauseAt.equals(point);
        if (here || !point.contains("#")) syncToDisk();   // between steps; inside a data migration its NULLs are the checkpoint
        if (!here) return;
        log.line("paused at " + point + " (" + PAUSE_ENV + ")");
        System.err.println("upgrade: paused at " + point);
        System.err.flush();
        Object never = new Object();
        synchronized (never) {
            while (true) {
                try {
                    never.wait();
                } catch (InterruptedException e) {
                    // not re-flagged: the upgrade fails here and must still close its databases cleanly (H2 gives up on
                    // an interrupted thread's file channel)
                    throw new AthanorException(ErrorCode.INTERNAL, "upgrade paused at " + point + " was interrupted");
                }
            }
        }
    }

    /**
     * Make what the H2 boxes committed durable now ({@code CHECKPOINT SYNC}): H2 writes its file up to a second after a
     * commit, so a crash could otherwise lose a step or batch whose checkpoint (or configuration change) survived.
     * Called between steps (and at the crash tests' pause point). PostgreSQL and MariaDB are durable at commit.
     */
    public void syncToDisk() {
        List<Box> boxes = new ArrayList<>();
        boxes.add(appbox);
        databoxes.forEach(d -> boxes.add(d.box()));
        for (Box box : boxes) {
            if (box.engine() == org.athanor.db.Engine.H2) box.jdbi().useHandle(h -> h.execute("CHECKPOINT SYNC"));
        }
    }

    void h2LocksAtOpen(List<Path> locks) {
        this.h2LocksAtOpen = List.copyOf(locks);
    }

    /** Return the H2 {@code .lock.db} files that existed before this process opened the boxes: another process had them open. */
    public List<Path> h2LocksAtOpen() {
        return h2LocksAtOpen;
    }

    void liveConnectionsAtOpen(List<String> live) {
        this.liveConnectionsAtOpen = List.copyOf(live);
    }

    /** Return the other connections to the boxes' databases (PostgreSQL, MariaDB) seen before this process opened them. */
    public List<String> liveConnectionsAtOpen() {
        return liveConnectionsAtOpen;
    }

    /** Close every box this installation opened. */
    @Override
    public void close() {
        databoxes.forEach(d -> d.box().close());
        appbox.close();
        log.close();
    }
}
