package org.athanor.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.AdminLog;
import org.athanor.setup.backup.BackupService;
import org.athanor.setup.backup.BackupSet;
import org.athanor.setup.backup.Compression;
import org.athanor.setup.backup.Manifest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/console system:backup-db}: the appbox and every databox into one verified backup set. */
@Command(name = "system:backup-db", mixinStandardHelpOptions = true,
        description = {"Back up the appbox and every databox into one set: a folder athanor-backup-<YYYYmmdd-HHMMSS> with one "
                + "dump per box, a copy of configuration.yml (mode 0600) and manifest.json (versions, sizes, SHA-256, complete or not).",
                "Dumps are online and consistent per box (H2 SCRIPT, pg_dump, mariadb-dump --single-transaction).",
                "Each backup is recorded in the admin log (actor cli:<system user>)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:set complete", "1:setup error: no installation, bad configuration, or a dump tool is missing (nothing written)",
                "2:bad argument (e.g. DIRECTORY inside the program folder)",
                "3:a box failed or timed out: the set is marked incomplete in its manifest"})
final class BackupDbCommand implements Callable<Integer> {
    private final CliContext context;
    private final Supplier<BackupService> backups;
    private final Supplier<AdminLog> adminLog;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIRECTORY",
            description = "Where to make the set (default main.storage.backup, i.e. <data>/backups; never inside the program folder).")
    Path directory;

    @ArgGroup(exclusive = true) CompressionChoice compression;

    static final class CompressionChoice {
        @Option(names = "--gzip", description = "Compress each dump with gzip.") boolean gzip;
        @Option(names = {"--bzip", "--bzip2"}, description = "Compress each dump with bzip2 (needs the bzip2 program).") boolean bzip;
    }

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Kill a box's dump that runs longer than this and mark the set incomplete (default 0: no limit).")
    long timeoutSeconds;

    BackupDbCommand(CliContext context, Supplier<BackupService> backups, Supplier<AdminLog> adminLog) {
        this.context = context;
        this.backups = backups;
        this.adminLog = adminLog;
    }

    @Override public Integer call() {
        if (timeoutSeconds < 0) throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--timeout " + timeoutSeconds + ": give 0 (no limit) or more seconds");
        Compression c = compression == null ? Compression.NONE : compression.gzip ? Compression.GZIP : Compression.BZIP2;
                BackupSet set = backups.get().backUpAll(directory, c, Duration.ofSeconds(timeoutSeconds), new ConsoleProgress(context));
        context.say(set.summary());
        context.recordAdminAction(adminLog, "system.backup-db", set.dir() + (set.isComplete() ? " (complete)" : " (INCOMPLETE)"));
        if (set.isComplete()) return 0;
        for (Manifest.BoxEntry failure : set.failures()) context.err().println("[ERROR] " + Output.lines(failure.error()));
        context.err().println("[ERROR] The backup set " + set.dir() + " is INCOMPLETE (marked so in its manifest.json): "
                + "fix the cause above and run system:backup-db again.");
        context.err().flush();
        return 3;
    }
}
