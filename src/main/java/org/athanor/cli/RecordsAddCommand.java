package org.athanor.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.appbox.Registry;
import org.athanor.ids.BaseId;
import org.athanor.ingest.IngestOutcome;
import org.athanor.ingest.IngestRequest;
import org.athanor.ingest.IngestService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code records:add}: add files and folders to a collection, through the border checks. */
@Command(name = "records:add", mixinStandardHelpOptions = true,
        description = {"Add files (folders recursively) to a collection: type detected from the content, metadata read into "
                + "the caption, border checks (a failing file goes to the lazaret), records marked \"subdefs to make\".",
                "Ends with a summary: added, quarantined, failed with reasons."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file added", "1:no installation or bad configuration", "2:bad argument (unknown collection, missing file)",
                "3:fatal error", "4:some files went to the lazaret (none failed)", "5:some files could not be added"})
final class RecordsAddCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(Registry registry, IngestService ingest) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Option(names = "--collection", required = true, paramLabel = "BASE_ID", description = "Collection (base_id) the records go to.") int collection;
    @Option(names = "--status", paramLabel = "BITS", description = "Status bits to set, as binary digits, bit 0 rightmost (e.g. 10000 = bit 4).") String status;
    @Option(names = "--nosubdefs", description = "Do not mark the records \"subdefs to make\".") boolean noSubdefs;
    @Option(names = "--force", paramLabel = "record|lazaret", description = "record: add whatever the checks say; lazaret: quarantine every file.") String force;
    @Parameters(paramLabel = "FILE|FOLDER", arity = "1..*", description = "Files or folders to add.") List<Path> paths;

    RecordsAddCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() {
        IngestRequest.Force f = force == null ? IngestRequest.Force.NONE : switch (force) {
            case "record" -> IngestRequest.Force.RECORD;
            case "lazaret" -> IngestRequest.Force.LAZARET;
            default -> throw new org.athanor.core.AthanorException(org.athanor.core.ErrorCode.BAD_ARGUMENT,
                    "--force " + force + ": use record or lazaret");
        };
        IngestRequest request = new IngestRequest(new BaseId(collection), IngestRequest.parseStatus(status), !noSubdefs, f, null);
        uses.get().registry().collection(request.collection());
        List<Path> files = IngestService.expand(paths);
        List<IngestOutcome> outcomes;
        try (Batch batch = new Batch(context, "Adding", files.size())) {
            outcomes = uses.get().ingest().addAll(files, request,
                    o -> batch.done(o.line(), !(o instanceof IngestOutcome.Added)));
        }
        long added = outcomes.stream().filter(o -> o instanceof IngestOutcome.Added).count();
        long quarantined = outcomes.stream().filter(o -> o instanceof IngestOutcome.Quarantined).count();
        long failed = outcomes.stream().filter(o -> o instanceof IngestOutcome.Failed).count();
        context.say("Summary: " + added + " added, " + quarantined + " quarantined, " + failed + " failed (of " + files.size() + " files)");
        if (quarantined + failed > 0) {
            for (IngestOutcome o : outcomes) if (!(o instanceof IngestOutcome.Added)) context.say("  " + o.line());
        }
        return (failed > 0 ? RecordsExit.SOME_NOT_ADDED : quarantined > 0 ? RecordsExit.SOME_FAILED : RecordsExit.DONE).code;
    }
}
