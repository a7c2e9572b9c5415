package org.athanor.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.setup.LegacyTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code system:cleanup-legacy [--yes]}: drop the Phraseanet 3.8.8 tables the upgrade kept aside. */
@Command(name = "system:cleanup-legacy", mixinStandardHelpOptions = true,
        description = {"List, then with --yes drop, the Phraseanet 3.8.8 tables that system:upgrade kept aside",
                "(renamed <table>_legacy388) in the appbox and databoxes. Run it once you are satisfied with the upgrade:",
                "afterwards the pre-upgrade backup is the only way back to Phraseanet."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed, or dropped with --yes (or nothing to drop)", "1:no installation or a database error"})
final class CleanupLegacyCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(LegacyTables legacyTables) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Option(names = {"-y", "--yes"}, description = "Drop the tables listed (otherwise only list them).") boolean yes;

    CleanupLegacyCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() {
        LegacyTables legacy = uses.get().legacyTables();
        List<LegacyTables.Found> found = legacy.find();
        if (found.isEmpty()) {
            context.say("No Phraseanet table is left: nothing to clean up.");
            return 0;
        }
        int total = 0;
        for (LegacyTables.Found t : found) {
            context.out().println(t.box() + ": " + t.tables().size() + " table(s): " + String.join(", ", t.tables()));
            total += t.tables().size();
        }
        context.out().flush();
        if (!yes) {
            context.say(total + " Phraseanet table(s) kept aside. Run again with --yes to drop them.");
            return 0;
        }
        int dropped = legacy.drop();
        context.say(dropped + " Phraseanet table(s) dropped.");
        return 0;
    }
}
