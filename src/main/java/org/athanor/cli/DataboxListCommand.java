package org.athanor.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.ids.DataboxId;
import org.athanor.databox.Databoxes;
import org.athanor.databox.RecordStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code databox:list}: the databoxes of the installation. */
@Command(name = "databox:list", mixinStandardHelpOptions = true, description = "List the databoxes (sbas_id, name, database, records).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:no installation or bad configuration"})
final class DataboxListCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(Databoxes databoxes, Function<DataboxId, RecordStore> records) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

    DataboxListCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    record Row(int sbasId, String name, String database, long records) {}

    @Override public Integer call() {
        boolean json = Output.json(format);
        Uses a = uses.get();
        List<Row> rows = a.databoxes().list().stream()
                .map((RegisteredDatabox d) -> new Row(d.id().value(), d.name(), d.connection().describe(), a.records().apply(d.id()).count()))
                .toList();
        if (json) Output.json(context.out(), rows);
        else Output.table(context.out(), List.of("sbas_id", "name", "records", "database"),
                rows.stream().map(r -> List.of(Integer.toString(r.sbasId()), r.name(), Long.toString(r.records()), r.database())).toList());
        return 0;
    }
}
