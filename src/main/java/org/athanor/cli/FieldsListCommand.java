package org.athanor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.appbox.Registry;
import org.athanor.ids.DataboxId;
import org.athanor.databox.Databoxes;
import org.athanor.databox.StructureField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fields:list}: the metadata fields of each databox's structure. */
@Command(name = "fields:list", mixinStandardHelpOptions = true,
        description = "List the metadata fields of the databoxes' structures (name, source, type, flags).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:no installation or bad configuration", "2:unknown databox"})
final class FieldsListCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(Databoxes databoxes, Registry registry) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Option(names = "--databox", paramLabel = "ID", description = "Only this databox (sbas_id).") Integer databox;
    @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

    FieldsListCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    record Row(int sbasId, String databox, String name, String src, String type, boolean multi, boolean readonly,
               boolean required, boolean business, boolean indexable) {}

    @Override public Integer call() {
        boolean json = Output.json(format);
        Uses a = uses.get();
        List<RegisteredDatabox> boxes = databox == null ? a.databoxes().list() : List.of(a.registry().databox(new DataboxId(databox)));
        List<Row> rows = new ArrayList<>();
        for (RegisteredDatabox d : boxes) {
            for (StructureField f : a.databoxes().structure(d.id()).load().fields()) {
                rows.add(new Row(d.id().value(), d.name(), f.name(), f.src(), f.type().code(), f.multi(), f.readonly(),
                        f.required(), f.business(), f.indexable()));
            }
        }
        if (json) Output.json(context.out(), rows);
        else Output.table(context.out(), List.of("databox", "field", "source", "type", "flags"),
                rows.stream().map(r -> List.of(r.databox(), r.name(), r.src(), r.type(), flags(r))).toList());
        return 0;
    }

    private static String flags(Row r) {
        List<String> f = new ArrayList<>();
        if (r.multi()) f.add("multi");
        if (r.readonly()) f.add("readonly");
        if (r.required()) f.add("required");
        if (r.business()) f.add("business");
        if (!r.indexable()) f.add("not-indexed");
        return String.join(",", f);
    }
}
