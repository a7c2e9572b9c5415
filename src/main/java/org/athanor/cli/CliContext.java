package org.athanor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.athanor.Athanor;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
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
                if (e.code() == org.athanor.ErrorCode.CONFIG_INVALID && org.athanor.setup.upgrade.UpgradeService.isPhraseanetConfig(configFile())) {
                    throw new org.athanor.AthanorException(org.athanor.ErrorCode.UPGRADE_REQUIRED, configFile() + " is a Phraseanet "
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

    /** Open the installation once (pools, schema check); closed when the run ends. */
    public Athanor athanor() {
        if (athanor == null) athanor = Athanor.open(config());
        return athanor;
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

    /** Print a line unless {@code -q} was given. */
    public void say(String line) {
        if (!quiet) {
            out().println(line);
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
