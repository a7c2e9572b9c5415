package org.athanor.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.athanor.Athanor;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;
import org.athanor.databox.DataboxId;
import org.athanor.databox.RecordId;
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
    private final CliContext context;
    @Mixin RecordSelection selection;
    @Option(names = "--name", paramLabel = "SUBDEF", split = ",", description = "Only these subdefs (e.g. thumbnail).") List<String> names;
    @Option(names = "--pending", description = "Only the records marked \"subdefs to make\".") boolean pending;
    @Option(names = "--missing", description = "Only the subdefs a record does not have yet.") boolean missing;
    @Option(names = "--jobs", paramLabel = "N", description = "Records built at the same time (default: the number of processors).") Integer jobs;

    RecordsBuildSubdefsCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() throws Exception {
        Athanor athanor = context.athanor();
        List<Map.Entry<DataboxId, RecordId>> work = selection.resolve(athanor, store -> store.ids(pending));
        int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (threads < 1) throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--jobs " + threads + ": use 1 or more");
        Set<String> only = names == null ? Set.of() : Set.copyOf(names);
        AtomicInteger made = new AtomicInteger();
        AtomicInteger failedRecords = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Batch batch = new Batch(context, "Subdefs", work.size())) {
            List<Future<?>> futures = new ArrayList<>();
            for (Map.Entry<DataboxId, RecordId> e : work) {
                futures.add(pool.submit(() -> {
                    Set<String> wanted = missing ? missing(athanor, e.getKey(), e.getValue(), only) : only;
                    if (missing && wanted.isEmpty()) {
                        batch.done("record " + e.getKey() + "/" + e.getValue() + ": nothing missing", false);
                        return;
                    }
                    SubdefService.Report r = athanor.subdefs().build(e.getKey(), e.getValue(), wanted);
                    made.addAndGet(r.made().size());
                    if (r.ok()) {
                        batch.done("record " + e.getKey() + "/" + e.getValue() + ": " + String.join(", ", r.made()), false);
                    } else {
                        failedRecords.incrementAndGet();
                        batch.done("record " + e.getKey() + "/" + e.getValue() + " failed: " + r.failed(), true);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException ex) {
                    failedRecords.incrementAndGet();
                    context.err().println("[ERROR] " + Output.lines(ex.getCause().getMessage()));
                }
            }
        } finally {
            pool.shutdown();
        }
        context.say(String.format("Summary: %d records, %d subdefs built, %d records with failures, in %.1f s",
                work.size(), made.get(), failedRecords.get(), (System.nanoTime() - start) / 1e9));
        return failedRecords.get() > 0 ? 4 : 0;
    }

    private static Set<String> missing(Athanor athanor, DataboxId d, RecordId r, Set<String> only) {
        RecordStore store = new RecordStore(d, athanor.databoxes().box(d).jdbi());
        RecordType type = store.header(r).type();
        Structure s = athanor.databoxes().structure(d).load();
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
