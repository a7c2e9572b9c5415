package org.athanor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.db.Box;
import org.athanor.setup.upgrade.legacy.LegacyCleanup;
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
    private final CliContext context;
    @Option(names = {"-y", "--yes"}, description = "Drop the tables listed (otherwise only list them).") boolean yes;

    CleanupLegacyCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() {
        List<Box> boxes = new ArrayList<>();
        boxes.add(context.athanor().appbox());
        for (RegisteredDatabox d : context.athanor().registry().databoxes()) boxes.add(context.athanor().databoxes().box(d.id()));
        List<LegacyCleanup.BoxTables> found = LegacyCleanup.find(boxes);
        if (found.isEmpty()) {
            context.say("No Phraseanet table is left: nothing to clean up.");
            return 0;
        }
        int total = 0;
        for (LegacyCleanup.BoxTables t : found) {
            context.out().println(t.box().describe() + ": " + t.tables().size() + " table(s): " + String.join(", ", t.tables()));
            total += t.tables().size();
        }
        context.out().flush();
        if (!yes) {
            context.say(total + " Phraseanet table(s) kept aside. Run again with --yes to drop them.");
            return 0;
        }
        int dropped = LegacyCleanup.drop(found);
        context.say(dropped + " Phraseanet table(s) dropped.");
        return 0;
    }
}
