package org.athanor.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.ids.DataboxId;
import org.athanor.databox.Databoxes;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordStore;
import org.athanor.databox.RecordType;
import org.athanor.databox.Structure;
import org.athanor.databox.SubdefSpec;
import org.athanor.media.SubdefService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code records:build-subdefs}: make the subdefinitions of records. */
@Command(name = "records:build-subdefs", mixinStandardHelpOptions = true,
        description = {"Build the subdefinitions (thumbnail, preview…) of records, as their databox structure says.",
                "--pending takes the records marked \"subdefs to make\" and clears the mark only on success; a failure keeps "
                        + "the mark and records the error (see records:show). --missing builds only the subdefs a record lacks."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every subdef built", "1:no installation or bad configuration", "2:bad argument (unknown databox or record)",
                "3:fatal error", "4:some subdefs failed (their records keep the mark)"})
final class RecordsBuildSubdefsCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(RecordSelection.Source records, Databoxes databoxes, SubdefService subdefs) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Mixin RecordSelection selection;
    @Option(names = "--name", paramLabel = "SUBDEF", split = ",", description = "Only these subdefs (e.g. thumbnail).") List<String> names;
    @Option(names = "--pending", description = "Only the records marked \"subdefs to make\".") boolean pending;
    @Option(names = "--missing", description = "Only the subdefs a record does not have yet.") boolean missing;
    @Option(names = "--jobs", paramLabel = "N", description = "Records built at the same time (default: the number of processors).") Integer jobs;

    RecordsBuildSubdefsCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() throws Exception {
        Uses u = uses.get();
        List<Map.Entry<DataboxId, RecordId>> work = selection.resolve(u.records(), store -> store.ids(pending));
        int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (threads < 1) throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--jobs " + threads + ": use 1 or more");
        Set<String> only = names == null ? Set.of() : Set.copyOf(names);
        AtomicInteger made = new AtomicInteger();
        long start = System.nanoTime();
        int failedRecords = Batch.forEachRecord(context, "Subdefs", work, threads, ex -> false, (databox, record) -> {
            Set<String> wanted = missing ? missing(u, databox, record, only) : only;
            if (missing && wanted.isEmpty()) return Batch.Outcome.done("nothing missing");
            SubdefService.Report r = u.subdefs().build(databox, record, wanted);
            made.addAndGet(r.made().size());
            return r.ok() ? Batch.Outcome.done(String.join(", ", r.made())) : Batch.Outcome.failed(String.valueOf(r.failed()));
        });
        context.say(String.format("Summary: %d records, %d subdefs built, %d records with failures, in %.1f s",
                work.size(), made.get(), failedRecords, (System.nanoTime() - start) / 1e9));
        return (failedRecords > 0 ? RecordsExit.SOME_FAILED : RecordsExit.DONE).code;
    }

    private static Set<String> missing(Uses u, DataboxId d, RecordId r, Set<String> only) {
        RecordStore store = u.records().recordStore().apply(d);
        RecordType type = store.header(r).type();
        Structure s = u.databoxes().structure(d).load();
        Set<String> have = new HashSet<>();
        store.files(r).forEach(f -> have.add(f.name()));
        Set<String> out = new HashSet<>();
        for (SubdefSpec spec : s.subdefsOf(type == RecordType.UNKNOWN ? RecordType.IMAGE : type)) {
            if (!have.contains(spec.name()) && (only.isEmpty() || only.contains(spec.name()))) out.add(spec.name());
        }
        if (type == RecordType.UNKNOWN) out.retainAll(Set.of("thumbnail"));
        return out;
    }
}
