package org.athanor.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.athanor.core.Text;
import org.athanor.appbox.Registry;
import org.athanor.ids.DataboxId;
import org.athanor.databox.RecordDetails;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordStore;
import org.athanor.tasks.JobQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code records:show DATABOX_ID RECORD_ID}: caption, status, subdefs with paths, technical data. */
@Command(name = "records:show", mixinStandardHelpOptions = true,
        description = "Show one record: caption, status bits, subdefinitions with their files, technical data.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:no installation or bad configuration", "2:unknown databox or record"})
final class RecordsShowCommand implements Callable<Integer> {
    /** The JSON answer: the record's fields, and its failed jobs. */
    record Shown(@com.fasterxml.jackson.annotation.JsonUnwrapped RecordDetails record, List<JobQueue.Failure> failedJobs) {}

    /** The services this command uses, from the installation opened when it runs. */
    record Uses(Registry registry, Function<DataboxId, RecordStore> records, JobQueue jobs) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Parameters(index = "0", paramLabel = "DATABOX_ID") int databox;
    @Parameters(index = "1", paramLabel = "RECORD_ID") long record;
    @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

    RecordsShowCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() {
        boolean json = Output.json(format);
        DataboxId id = new DataboxId(databox);
        uses.get().registry().databox(id);
        RecordDetails r = uses.get().records().apply(id).show(new RecordId(record));
        List<JobQueue.Failure> failures = uses.get().jobs().failuresOf(id, new RecordId(record));
        if (json) {
            Output.json(context.out(), new Shown(r, failures));
            return 0;
        }
        PrintWriter out = context.out();
        out.printf("Record %d of databox %d (collection coll_id %d)%n", r.recordId().value(), databox, r.collId().value());
        out.printf("  type %s, %s, original name %s%n", r.type(), Text.forTerminal(r.mime()), Text.forTerminal(r.originalName()));
        out.printf("  sha256 %s%n", r.sha256());
        if (r.originalSha256() != null && !r.originalSha256().equals(r.sha256())) {
            out.printf("  sha256 when added %s (metadata written since)%n", r.originalSha256());
        }
        out.printf("  uuid %s%n", r.uuid());
        out.printf("  status bits on: %s%s%n", r.statusBitsOn(), r.story() ? " (story)" : "");
        if (r.subdefsPending()) out.println("  subdefinitions to make" + (r.subdefsError() == null ? "" : " (last error: " + Text.forTerminal(r.subdefsError()) + ")"));
        else if (r.subdefsError() != null) out.println("  subdefinitions failed: " + Text.forTerminal(r.subdefsError()));
        for (JobQueue.Failure f : failures) {
            out.printf("  %s job failed after %d attempt(s) at %s: %s%n", f.jobType(), f.attempts(), f.at(), Text.forTerminal(f.error()));
        }
        out.println("Caption:");
        for (Map.Entry<String, List<String>> e : r.caption().entrySet()) out.printf("  %-20s %s%n", Text.forTerminal(e.getKey()), Text.forTerminal(String.join(" ; ", e.getValue())));
        out.println("Files:");
        for (RecordDetails.SubdefFile s : r.subdefs())
            out.printf("  %-16s %s (%d bytes%s)%n", s.name(), Text.forTerminal(String.valueOf(s.path())), s.size(),
                    s.width() == null ? "" : ", " + s.width() + "x" + s.height());
        out.println("Technical data:");
        for (Map.Entry<String, String> e : r.technicalData().entrySet()) out.printf("  %-20s %s%n", Text.forTerminal(e.getKey()), Text.forTerminal(e.getValue()));
        out.flush();
        return 0;
    }
}
