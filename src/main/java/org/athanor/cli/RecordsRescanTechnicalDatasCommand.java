package org.athanor.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.athanor.Athanor;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;
import org.athanor.databox.DataboxId;
import org.athanor.databox.RecordId;
import org.athanor.databox.RecordStore;
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
    private final CliContext context;
    @Mixin RecordSelection selection;

    RecordsRescanTechnicalDatasCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() {
        Athanor athanor = context.athanor();
        List<Map.Entry<DataboxId, RecordId>> work = selection.resolve(athanor, store -> store.ids(false));
        int failed = 0;
        try (Batch batch = new Batch(context, "Rescan", work.size())) {
            for (Map.Entry<DataboxId, RecordId> e : work) {
                try {
                    Map<String, String> t = athanor.ingest().rescanTechnicalData(e.getKey(), e.getValue());
                    batch.done("record " + e.getKey() + "/" + e.getValue() + ": " + t.size() + " values", false);
                } catch (AthanorException ex) {
                    if (selection.namesRecords() && ex.code() == ErrorCode.NOT_FOUND && ex.getMessage().startsWith("Databox")) throw ex;
                    failed++;
                    batch.done("record " + e.getKey() + "/" + e.getValue() + " failed: " + ex.getMessage(), true);
                }
            }
        }
        context.say("Summary: " + (work.size() - failed) + " records rescanned, " + failed + " failed");
        return failed > 0 ? 4 : 0;
    }
}
