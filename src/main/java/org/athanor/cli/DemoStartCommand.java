package org.athanor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.athanor.Athanor;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.config.DatabaseDriver;
import org.athanor.databox.StructureTemplate;
import org.athanor.setup.install.InstallRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo:start}: a demonstration installation (H2, data and configuration in one folder, sample media), then the
 * server in the foreground. Run again, it reuses the installation it made.
 */
@Command(name = "demo:start", mixinStandardHelpOptions = true,
        description = "Install a demo (H2, sample media) in a folder if needed, print the admin credentials and run the server with the task scheduler.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:server stopped gracefully", "1:setup error", "2:bad argument", "3:failed (e.g. port in use)"})
final class DemoStartCommand implements Callable<Integer> {
    static final String ADMIN = "admin@athanor.demo";
    private final CliContext context;
    @Option(names = "--data-path", defaultValue = "var/demo", description = "Folder of the demo (data, H2 files, configuration). Default ${DEFAULT-VALUE}.") Path data;
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port. Default ${DEFAULT-VALUE}.") int port;

    DemoStartCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() throws IOException {
        Path root = data.toAbsolutePath().normalize();
        Path config = context.configOverride != null ? context.configFile() : root.resolve("config").resolve("configuration.yml");
        Path passwordFile = root.resolve("admin-password.txt");
        boolean fresh = !Files.exists(config);
        org.athanor.ids.BaseId collection = null;
        if (fresh) {
            String password = randomPassword();
            context.say("Installing the demo in " + root + " …");
            collection = context.setup().install().install(new InstallRequest(ADMIN, password, DatabaseDriver.H2, null, null, null, null,
                    "ab_demo", "db_demo", StructureTemplate.EN_SIMPLE, root.resolve("data"), "http://127.0.0.1:" + port + "/",
                    "127.0.0.1", port, "en", config, CliContext.home(), false), new ConsoleProgress(context)).collection();
            Files.writeString(passwordFile, password + "\n");
            try {
                Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps the folder's permissions
            }
        }
        if (!Files.exists(passwordFile))
            throw new AthanorException(ErrorCode.NOT_INSTALLED, "The demo in " + root + " has no " + passwordFile.getFileName()
                    + ": remove " + root + " to start a fresh demo.");
        context.configOverride = config;
        Athanor athanor = context.athanor();
        if (fresh) addSamples(athanor, collection, CliContext.home().resolve("samples"), context::say);
        context.say("");
        context.say("Demo ready: http://127.0.0.1:" + port + "/");
        context.say("  admin login:    " + ADMIN);
        context.say("  admin password: " + Files.readString(passwordFile).strip() + "   (kept in " + passwordFile + ")");
        context.say("  console:        bin/console --config " + config + " list");
        return ServerRunner.run(context, athanor, "127.0.0.1", port, true);
    }

    /**
     * Add the images and PDFs of the {@code samples} folder to the demo's collection through the ingest service, then
     * build their subdefinitions; return the number of records made.
     */
    static int addSamples(Athanor athanor, org.athanor.ids.BaseId collection, Path samples, java.util.function.Consumer<String> say) {
        if (!Files.isDirectory(samples)) {
            say.accept("No sample media in " + samples + ": the demo starts without records.");
            return 0;
        }
        java.util.List<Path> files;
        try (var list = Files.list(samples)) {
            files = list.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).matches(".*\\.(jpe?g|png|gif|tiff?|pdf)"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "cannot list the sample media in " + samples + ": " + e.getMessage(), e);
        }
        say.accept("Adding " + files.size() + " sample documents from " + samples + " …");
        var request = new org.athanor.ingest.IngestRequest(collection, 0, true, org.athanor.ingest.IngestRequest.Force.NONE, null);
        int added = 0;
        for (var outcome : athanor.ingest().addAll(files, request, o -> { })) {
            if (outcome instanceof org.athanor.ingest.IngestOutcome.Added a) {
                athanor.subdefs().build(a.databox(), a.record());
                added++;
            } else {
                say.accept("  " + outcome.line());
            }
        }
        say.accept("  " + added + " records with their subdefinitions.");
        return added;
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return b.toString();
    }
}
