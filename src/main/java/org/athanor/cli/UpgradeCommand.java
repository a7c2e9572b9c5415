package org.athanor.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.athanor.core.Progress;
import org.athanor.setup.upgrade.UpgradeExit;
import org.athanor.setup.upgrade.UpgradeOptions;
import org.athanor.setup.upgrade.UpgradeService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/setup system:upgrade}: bring the installation to this program's release; a thin adapter over {@link UpgradeService}. */
@Command(name = "system:upgrade", mixinStandardHelpOptions = true,
        description = {"Upgrade the installation (Athanor 4.0.0-alpha.1 or newer; Phraseanet 3.8.8 when this build imports it) to this "
                + "program's release.",
                "Refuses before any change when the version cannot be upgraded, the scheduler or a server of the installation runs, users "
                + "are signed in, or check:system reports errors. Then: automatic backup (system:backup-db into the data folder), "
                + "maintenance on, configuration, schemas, data migrations (resumable: rerun after a crash), version records; "
                + "maintenance is put back as it was. Log: logs/upgrade-<from>-<to>-<time>.log."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:upgraded, already up to date, or plan printed (--dry-run, --dump)",
                "1:no installation, or its configuration cannot be read",
                "2:wrong option or missing confirmation (--yes)",
                "3:unexpected error",
                "4:version refused (too old, newer than this program, Phraseanet before 3.8.8): nothing changed",
                "5:preflight refused (processes running, users signed in, check:system errors, disk): nothing changed",
                "6:another system:upgrade is running (or died: see --force): nothing changed",
                "7:a step failed: maintenance stays on, rerun or roll back as printed",
                "8:the upgrade proof found a difference: maintenance stays on, roll back as printed"})
final class UpgradeCommand implements Callable<Integer> {
    private final CliContext context;
    private final Supplier<UpgradeService> upgrades;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.") boolean yes;
    @Option(names = "--dry-run", description = "Print the plan (steps, migrations per box, time estimate) and change nothing.") boolean dryRun;
    @Option(names = "--dump", description = "Print the SQL the upgrade would run and change nothing.") boolean dump;
    @Option(names = "--force", description = "Take over the lock of an upgrade run on another host and silent for 60 s (one killed on this host is taken over without it).") boolean force;
    @Option(names = "--no-backup", description = "Skip the automatic backup (only with --yes: you made one yourself).") boolean noBackup;
    @Option(names = "--disconnect-users", description = "Sign every user out instead of refusing while sessions are active.") boolean disconnectUsers;
    @Option(names = "--legacy-timezone", paramLabel = "<zone>", description = "Phraseanet 3.8.8 only: the time zone its dates were "
            + "written in (its MySQL server's), e.g. Europe/Paris; default main.timezone of its configuration, else this machine's.")
    String legacyTimezone;

    UpgradeCommand(CliContext context, Supplier<UpgradeService> upgrades) {
        this.context = context;
        this.upgrades = upgrades;
    }

    @Override
    public Integer call() {
        PrintWriter out = context.out();
        PrintWriter err = context.err();
        java.util.function.BooleanSupplier confirm = () -> {
            if (!context.interactive()) {
                err.println("bin/setup system:upgrade changes the installation: add --yes to confirm (or --dry-run to see the plan). Nothing was changed.");
                err.flush();
                return false;
            }
            out.flush();
            String answer = System.console().readLine("Upgrade the installation of %s to Athanor %s? [y/N] ", context.configFile(),
                    org.athanor.core.Version.NUMBER);
            if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
                err.println("Not confirmed. Nothing was changed.");
                return false;
            }
            return true;
        };
        UpgradeOptions options = new UpgradeOptions(yes, dryRun, dump, force, noBackup, disconnectUsers, legacyTimezone);
        UpgradeService service = upgrades.get();
        try (BarProgress progress = new BarProgress(context)) {
            UpgradeExit exit = service.run(options, out, err, progress, confirm);
            out.flush();
            err.flush();
            return exit.code;
        }
    }

    /** Steps as numbered lines, batches as a progress bar on stderr (none with -q). */
    static final class BarProgress implements Progress, AutoCloseable {
        private final CliContext context;
        private int steps;
        private String label;
        private ProgressBar bar;

        BarProgress(CliContext context) {
            this.context = context;
        }

        @Override public void step(String label) {
            close();
            this.label = label;
            context.say(String.format("[%d] %s", ++steps, label));
        }

        @Override public void advance(long done, long total) {
            if (context.quiet() || total <= 0) return;
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(label == null ? "upgrade" : label).setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build();
            }
            bar.maxHint(total);
            bar.stepTo(done);
        }

        @Override public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
