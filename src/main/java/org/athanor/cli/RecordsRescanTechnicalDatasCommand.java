package org.athanor.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.ingest.IngestService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code records:rescan-technical-datas}: read the technical data of originals again. */
@Command(name = "records:rescan-technical-datas", mixinStandardHelpOptions = true,
        description = "Read the technical data (size, dimensions, duration, codecs, colour space, orientation…) of the records'"
                + " originals again and store them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rescanned", "1:no installation or bad configuration", "2:bad argument (unknown databox or record)",
                "3:fatal error", "4:some records failed (e.g. original missing)"})
final class RecordsRescanTechnicalDatasCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(RecordSelection.Source records, IngestService ingest) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Mixin RecordSelection selection;

    RecordsRescanTechnicalDatasCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() {
        Uses u = uses.get();
        List<Map.Entry<DataboxId, RecordId>> work = selection.resolve(u.records(), store -> store.ids(false));
        List<DataboxId> databoxes = selection.namesRecords() ? selection.databoxes(u.records()) : List.of();
        // a record that is missing or unreadable is one failure; a databox gone meanwhile ends the command (exit 2)
        int failed = Batch.forEachRecord(context, "Rescan", work, 1,
                ex -> !(ex instanceof AthanorException ae) || ae.code() == ErrorCode.NOT_FOUND && gone(u.records().registry(), databoxes),
                (databox, record) -> Batch.Outcome.done(u.ingest().rescanTechnicalData(databox, record).size() + " values"));
        context.say("Summary: " + (work.size() - failed) + " records rescanned, " + failed + " failed");
        return (failed > 0 ? RecordsExit.SOME_FAILED : RecordsExit.DONE).code;
    }

    /** Return true when one of {@code databoxes} is no longer registered. */
    private static boolean gone(org.athanor.appbox.Registry registry, List<DataboxId> databoxes) {
        List<DataboxId> registered = registry.databoxes().stream().map(org.athanor.appbox.RegisteredDatabox::id).toList();
        return !registered.containsAll(databoxes);
    }
}
