package org.athanor.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordStore;
import org.athanor.media.MetadataWriter;
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
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(RecordSelection.Source records, MetadataWriter metadataWriter) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Mixin RecordSelection selection;

    RecordsWriteMetadataCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() {
        Uses u = uses.get();
        List<Map.Entry<DataboxId, RecordId>> work = selection.resolve(u.records(), RecordStore::metadataPending);
        // an unknown record ends the command (exit 2); a file that cannot be written is one failure
        int failed = Batch.forEachRecord(context, "Metadata", work, 1,
                ex -> !(ex instanceof AthanorException ae) || ae.code() == ErrorCode.NOT_FOUND,
                (databox, record) -> {
                    List<String> files = u.metadataWriter().write(databox, record);
                    return Batch.Outcome.done(files.isEmpty() ? "no writable file" : String.join(", ", files));
                });
        context.say("Summary: " + (work.size() - failed) + " records written, " + failed + " failed");
        return (failed > 0 ? RecordsExit.SOME_FAILED : RecordsExit.DONE).code;
    }
}
