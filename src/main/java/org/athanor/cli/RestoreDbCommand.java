package org.athanor.cli;

import java.io.Console;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.programs.Programs;
import org.athanor.setup.backup.BackupSet;
import org.athanor.setup.backup.Manifest;
import org.athanor.setup.backup.RestoreService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code system:restore-db}: every box back to the state of a backup set; in {@code bin/console} and {@code bin/setup}
 * (which works when bin/console refuses, e.g. after a failed upgrade).
 */
@Command(name = "system:restore-db", mixinStandardHelpOptions = true,
        description = {"Restore the appbox and every databox of a backup set made by system:backup-db: each database is dropped "
                + "and made again from its dump; then configuration.yml is put back as the set holds it (the file replaced is kept "
                + "as configuration.yml.before-restore-<time>).",
                "Checks first, changing nothing when one fails: the set is complete, every SHA-256 matches, it was made by this "
                + "Athanor release or an older one (the automatic backup of system:upgrade: restoring it rolls the upgrade back), "
                + "the dump tools are installed, no server:run and no scheduler of the installation is running."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:restored", "1:setup error: no configuration, or a restore tool is missing (nothing changed)",
                "2:bad argument: not a set, incomplete or damaged set, or not confirmed (nothing changed)",
                "3:refused (set of a newer Athanor release, a server or the scheduler running: nothing changed) or the restore failed (the message says which boxes were restored)"})
final class RestoreDbCommand implements Callable<Integer> {
    private final CliContext context;
    private final Supplier<RestoreService> restores;

    @Parameters(index = "0", paramLabel = "BACKUP_SET", description = "The set's folder, athanor-backup-<YYYYmmdd-HHMMSS>.")
    Path setDir;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.") boolean yes;

    RestoreDbCommand(CliContext context, Supplier<RestoreService> restores) {
        this.context = context;
        this.restores = restores;
    }

    @Override public Integer call() {
        RestoreService restore = restores.get();
        context.say("Checking " + setDir.toAbsolutePath().normalize() + " (every file against its SHA-256)");
        BackupSet set = restore.check(setDir);
        if (!yes) confirm(set);
        RestoreService.RestoreReport report = restore.restoreChecked(set, new ConsoleProgress(context));
        context.say("Restored from " + report.set().dir() + " (made " + report.set().manifest().startedAt() + "):");
        for (RestoreService.RestoredBox b : report.boxes()) {
            context.say("  " + b.label() + " from " + b.file() + " into " + b.database() + " (" + b.took().toMillis() / 1000.0 + " s)");
        }
        context.say("Documents and subdefinitions are not part of the set: they stay as they are in " + context.config().main().storage().data() + ".");
        for (String note : report.notes()) context.say(note);
        return 0;
    }

    private void confirm(BackupSet set) {
        Console console = System.console();
        if (console == null || !context.interactive()) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "system:restore-db replaces every database of the installation with the "
                    + "content of " + set.dir() + ": run it again with --yes to confirm. Nothing was changed.");
        }
        StringBuilder what = new StringBuilder();
        for (Manifest.BoxEntry b : set.manifest().boxes()) what.append("\n  ").append(b.label()).append(" <- ").append(b.file());
        String answer = console.readLine("This replaces the current content of:%s%nType 'yes' to restore: ", what);
        if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "Restore not confirmed. Nothing was changed.");
        }
    }
}
