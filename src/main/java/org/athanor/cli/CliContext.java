package org.athanor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import org.athanor.Athanor;
import org.athanor.core.AthanorException;
import org.athanor.appbox.AdminLog;
import org.athanor.appbox.Maintenance;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.db.EmbeddedDatabaseSecurity;
import org.athanor.setup.Setup;
import org.athanor.programs.Programs;
import picocli.CommandLine;

/**
 * What every command of one run shares: the global options, the configuration and the opened installation.
 *
 * <p>Nothing is loaded until a command asks for it, so {@code list} and {@code help} never touch a database.
 */
public final class CliContext implements AutoCloseable {
    boolean quiet;
    boolean verbose;
    boolean interactive = true;
    Path configOverride;

    private CommandLine root;
    private AthanorConfig config;
    private Athanor athanor;
    private Setup setup;
    /** The one clock of this run: the installation's services ({@link Athanor}) and the setup services ({@link Setup}) read it. */
    private final Clock clock = Clock.systemUTC();

    void attach(CommandLine root) {
        this.root = root;
    }

    /** The program folder: {@code -Dathanor.home} set by the launchers, else the current folder. */
    public static Path home() {
        String home = System.getProperty("athanor.home");
        return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath().normalize();
    }

    /** The configuration file this run uses: {@code --config}, else {@code $ATHANOR_CONFIG}, else {@code <home>/config/configuration.yml}. */
    public Path configFile() {
        if (configOverride != null) return configOverride.toAbsolutePath().normalize();
        String env = System.getenv("ATHANOR_CONFIG");
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath().normalize();
        return home().resolve("config").resolve("configuration.yml");
    }

    /** Load the configuration once; errors name the file, line and key. */
    public AthanorConfig config() {
        if (config == null) {
            try {
                config = ConfigLoader.load(configFile());
            } catch (org.athanor.config.ConfigException e) {
                if (e.code() == org.athanor.core.ErrorCode.CONFIG_INVALID && org.athanor.setup.upgrade.UpgradeService.isPhraseanetConfig(configFile())) {
                    throw new org.athanor.core.AthanorException(org.athanor.core.ErrorCode.UPGRADE_REQUIRED, configFile() + " is a Phraseanet "
                            + "configuration: the Phraseanet installation awaits its upgrade. Run bin/setup system:upgrade.", e);
                }
                throw e;
            }
        }
        return config;
    }

    /** Forget the configuration read so far (an upgrade may have rewritten the file); the next {@link #config()} reads it again. */
    void reloadConfig() {
        if (athanor != null) throw new IllegalStateException("the installation is open already with the configuration read before");
        config = null;
    }

    /**
     * Open the installation once (pools, schema check); closed when the run ends. The embedded H2 databases are
     * secured first (modes 0700/0600, a password when the installation has none yet): see {@link EmbeddedDatabaseSecurity}.
     */
    public Athanor athanor() {
        if (athanor == null) {
            config = EmbeddedDatabaseSecurity.secure(configFile(), config());
            athanor = Athanor.open(config, clock);
        }
        return athanor;
    }

    /** The services that work without an opened installation (install, checks, upgrade, backup, restore), on this run's clock. */
    public Setup setup() {
        if (setup == null) setup = new Setup(home(), Programs.system(), clock);
        return setup;
    }

    /**
     * Record an administrator's action taken from the command line in the admin log (actor {@code cli:<system user>}),
     * as the admin console records its own: the dashboard's "Latest administrator actions" shows both. When the
     * installation does not open, a warning on stderr says the action went unrecorded.
     */
    void recordAdminAction(Supplier<AdminLog> adminLog, String action, String detail) {
        try {
            adminLog.get().record(AdminLog.cliActor(), action, detail, null);
        } catch (AthanorException e) {   // e.g. a backup whose appbox did not answer: the command's own outcome stands
            err().println("[WARNING] " + action + " is not recorded in the admin log: the installation does not open ("
                    + Output.lines(String.valueOf(e.getMessage()).lines().findFirst().orElse("")) + ").");
            err().flush();
        }
    }

    /**
     * The maintenance switch: the installation's, which records the switch in the admin log; when the installation
     * cannot be opened (it awaits its upgrade, its database does not answer, its configuration is wrong) one that only
     * writes configuration.yml, after a warning on stderr, since maintenance must be switchable then above all.
     */
    Maintenance maintenance() {
        try {
            return athanor().maintenance();
        } catch (AthanorException e) {
            err().println("[WARNING] This switch is not recorded in the admin log: the installation does not open ("
                    + Output.lines(String.valueOf(e.getMessage()).lines().findFirst().orElse("")) + ").");
            err().flush();
            return Maintenance.unrecorded(configFile());
        }
    }

    public PrintWriter out() {
        return root.getOut();
    }

    public PrintWriter err() {
        return root.getErr();
    }

    public boolean quiet() {
        return quiet;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean interactive() {
        return interactive && System.console() != null;
    }

    /** Print a line unless {@code -q} was given; control characters other than line breaks are escaped. */
    public void say(String line) {
        if (!quiet) {
            out().println(Output.lines(line));
            out().flush();
        }
    }

    @Override public void close() {
        if (athanor != null) athanor.close();
        if (root != null) {
            root.getOut().flush();
            root.getErr().flush();
        }
    }
}
