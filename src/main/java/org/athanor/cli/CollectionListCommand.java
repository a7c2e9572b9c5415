package org.athanor.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.databox.CollectionInfo;
import org.athanor.databox.Collections;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code collection:list}: every collection with its base_id, databox and coll_id. */
@Command(name = "collection:list", mixinStandardHelpOptions = true,
        description = "List the collections (base_id, databox, coll_id, name, records).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:no installation or bad configuration"})
final class CollectionListCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(Collections collections) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

    CollectionListCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    record Row(int baseId, int sbasId, String databox, int collId, String name, boolean active, long records) {}

    @Override public Integer call() {
        boolean json = Output.json(format);
        List<Row> rows = uses.get().collections().list().stream()
                .map((CollectionInfo c) -> new Row(c.baseId().value(), c.databox().value(), c.databoxName(), c.collId().value(),
                        c.name(), c.active(), c.records()))
                .toList();
        if (json) Output.json(context.out(), rows);
        else Output.table(context.out(), List.of("base_id", "databox", "coll_id", "name", "records"),
                rows.stream().map(r -> List.of(Integer.toString(r.baseId()), r.databox() + " (" + r.sbasId() + ")",
                        Integer.toString(r.collId()), r.name(), Long.toString(r.records()))).toList());
        return 0;
    }
}
