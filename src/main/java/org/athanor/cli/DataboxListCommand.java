package org.athanor.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.athanor.Athanor;
import org.athanor.appbox.RegisteredDatabox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code databox:list}: the databoxes of the installation. */
@Command(name = "databox:list", mixinStandardHelpOptions = true, description = "List the databoxes (sbas_id, name, database, records).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:no installation or bad configuration"})
final class DataboxListCommand implements Callable<Integer> {
    private final CliContext context;
    @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

    DataboxListCommand(CliContext context) {
        this.context = context;
    }

    record Row(int sbasId, String name, String database, long records) {}

    @Override public Integer call() {
        boolean json = Output.json(format);
        Athanor a = context.athanor();
        List<Row> rows = a.databoxes().list().stream()
                .map((RegisteredDatabox d) -> new Row(d.id().value(), d.name(), d.connection().describe(), a.records(d.id()).count()))
                .toList();
        if (json) Output.json(context.out(), rows);
        else Output.table(context.out(), List.of("sbas_id", "name", "records", "database"),
                rows.stream().map(r -> List.of(Integer.toString(r.sbasId()), r.name(), Long.toString(r.records()), r.database())).toList());
        return 0;
    }
}
