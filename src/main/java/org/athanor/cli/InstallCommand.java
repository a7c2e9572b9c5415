package org.athanor.cli;

import java.io.Console;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.config.DatabaseDriver;
import org.athanor.databox.StructureTemplate;
import org.athanor.setup.install.InstallRequest;
import org.athanor.setup.install.InstallResult;
import org.athanor.setup.install.InstallService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/setup system:install}: a new installation, interactive or with {@code --yes} and options. */
@Command(name = "system:install", mixinStandardHelpOptions = true,
        description = "Install Athanor: configuration, appbox, admin user, a databox with a collection 'test', default tasks.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:installed", "1:an installation already exists (nothing changed) or setup error",
                "2:bad argument", "3:installation failed (what it had made was removed)"})
final class InstallCommand implements Callable<Integer> {
    private final CliContext context;
    private final Supplier<InstallService> installs;

    @Option(names = {"-y", "--yes"}, description = "Do not ask: take every value from the options.") boolean yes;
    @Option(names = "--email", description = "Admin user's email, also its login.") String email;
    @Option(names = "--password", description = "Admin user's password (8 characters or more).") String password;
    @Option(names = "--db-driver", defaultValue = "h2", description = "h2 (embedded, default), postgresql or mariadb.") String driver;
    @Option(names = "--db-host", description = "Database server host (postgresql, mariadb). Default 127.0.0.1.") String dbHost;
    @Option(names = "--db-port", description = "Database server port. Default 5432 or 3306.") Integer dbPort;
    @Option(names = "--db-user", description = "Database user (postgresql, mariadb).") String dbUser;
    @Option(names = "--db-password", description = "Database password.") String dbPassword;
    @Option(names = "--appbox", defaultValue = "ab_athanor", description = "Appbox database name. Default ${DEFAULT-VALUE}.") String appbox;
    @Option(names = "--databox", defaultValue = "db_athanor", description = "First databox (and its database) name. Default ${DEFAULT-VALUE}.") String databox;
    @Option(names = "--db-template", defaultValue = "en-simple", description = "Structure of the first databox: en-simple, fr-simple or DublinCore.") String template;
    @Option(names = "--data-path", description = "Data folder (documents, subdefs, H2 files); default athanor-data beside the program folder, never inside it.") Path dataPath;
    @Option(names = "--server-name", description = "Public URL, e.g. https://dam.example.org/.") String serverName;
    @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "Address server:run listens on. Default ${DEFAULT-VALUE}.") String httpHost;
    @Option(names = "--http-port", defaultValue = "8080", description = "Port server:run listens on. Default ${DEFAULT-VALUE}.") int httpPort;
    @Option(names = "--language", defaultValue = "en", description = "Default language of the interface: en or fr.") String language;
    @Option(names = "--force", description = "Replace an existing installation: its databases are dropped.") boolean force;

    InstallCommand(CliContext context, Supplier<InstallService> installs) {
        this.context = context;
        this.installs = installs;
    }

    @Override public Integer call() {
        if (!yes) askMissing();
        if (email == null || password == null)
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--email and --password are required with --yes "
                    + "(e.g. bin/setup system:install --yes --email admin@example.org --password 'a long secret')");
        InstallRequest request = new InstallRequest(email, password, DatabaseDriver.parse(driver), dbHost, dbPort, dbUser, dbPassword,
                appbox, databox, StructureTemplate.byName(template), dataPath, serverName, httpHost, httpPort, language,
                context.configFile(), CliContext.home(), force);
        InstallResult result = installs.get().install(request, new ConsoleProgress(context));
        context.say("");
        context.say("Athanor is installed.");
        context.say("  configuration: " + result.configFile());
        context.say("  data:          " + result.dataPath());
        context.say("  admin login:   " + result.adminLogin());
        context.say("  databox:       " + request.databoxName() + " (sbas_id " + result.databox() + "), collection 'test' (base_id " + result.collection() + ")");
        context.say("Start the server with bin/console server:run, then open " + result.serverName());
        return 0;
    }

    private void askMissing() {
        Console console = System.console();
        if (console == null || !context.interactive()) return;
        if (email == null) email = console.readLine("Admin email: ");
        if (password == null) {
            char[] p = console.readPassword("Admin password (8+ characters): ");
            password = p == null ? null : new String(p);
        }
        String d = console.readLine("Database driver [h2|postgresql|mariadb] (%s): ", driver);
        if (d != null && !d.isBlank()) driver = d.strip();
        if (!"h2".equalsIgnoreCase(driver)) {
            if (dbHost == null) dbHost = blankToNull(console.readLine("Database host (127.0.0.1): "));
            if (dbUser == null) dbUser = blankToNull(console.readLine("Database user: "));
            if (dbPassword == null) {
                char[] p = console.readPassword("Database password: ");
                dbPassword = p == null ? "" : new String(p);
            }
        }
        String t = console.readLine("Databox template [en-simple|fr-simple|DublinCore] (%s): ", template);
        if (t != null && !t.isBlank()) template = t.strip();
        if (dataPath == null) {
            String p = console.readLine("Data folder (%s): ", CliContext.home().resolveSibling("athanor-data"));
            if (p != null && !p.isBlank()) dataPath = Path.of(p.strip());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
