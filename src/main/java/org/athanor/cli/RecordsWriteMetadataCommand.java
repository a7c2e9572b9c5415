package org.athanor.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.athanor.Athanor;
import org.athanor.AthanorException;
import org.athanor.databox.DataboxId;
import org.athanor.databox.RecordId;
import org.athanor.databox.RecordStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code records:write-metadata}: write captions into the files (ExifTool). */
@Command(name = "records:write-metadata", mixinStandardHelpOptions = true,
        description = "Write the caption of records into their original and their meta=yes subdefs (JPEG, TIFF, PNG, PDF) with"
                + " ExifTool. Without --record: every record marked \"metadata to write\"; the mark is cleared when done.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:no installation or bad configuration", "2:bad argument (unknown databox or record)",
                "3:fatal error", "4:some records failed (they keep the mark)"})
final class RecordsWriteMetadataCommand implements Callable<Integer> {
    private final CliContext context;
    @Mixin RecordSelection selection;

    RecordsWriteMetadataCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() {
        Athanor athanor = context.athanor();
        List<Map.Entry<DataboxId, RecordId>> work = selection.resolve(athanor, RecordStore::metadataPending);
        int failed = 0;
        try (Batch batch = new Batch(context, "Metadata", work.size())) {
            for (Map.Entry<DataboxId, RecordId> e : work) {
                try {
                    List<String> files = athanor.metadataWriter().write(e.getKey(), e.getValue());
                    batch.done("record " + e.getKey() + "/" + e.getValue() + ": " + (files.isEmpty() ? "no writable file" : String.join(", ", files)), false);
                } catch (AthanorException ex) {
                    if (ex.code() == org.athanor.ErrorCode.NOT_FOUND) throw ex;
                    failed++;
                    batch.done("record " + e.getKey() + "/" + e.getValue() + " failed: " + ex.getMessage(), true);
                }
            }
        }
        context.say("Summary: " + (work.size() - failed) + " records written, " + failed + " failed");
        return failed > 0 ? 4 : 0;
    }
}
