package org.athanor.cli;

import java.util.concurrent.Callable;
import org.athanor.Athanor;
import org.athanor.appbox.User;
import org.athanor.databox.BaseId;
import org.athanor.databox.DataboxId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code collection:create DATABOX_ID NAME}: a new collection; admins (or --grant users) get every right on it. */
@Command(name = "collection:create", mixinStandardHelpOptions = true,
        description = "Create a collection in a databox and print its base_id.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:created", "1:no installation or bad configuration", "2:bad argument, unknown databox or name taken"})
final class CollectionCreateCommand implements Callable<Integer> {
    private final CliContext context;
    @Parameters(index = "0", paramLabel = "DATABOX_ID", description = "sbas_id of the databox (see databox:list).") int databox;
    @Parameters(index = "1", paramLabel = "NAME", description = "Collection name.") String name;
    @Option(names = "--grant", paramLabel = "LOGIN", description = "Also give this user every right on it (repeatable).") java.util.List<String> grant = new java.util.ArrayList<>();

    CollectionCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() {
        Athanor a = context.athanor();
        DataboxId id = new DataboxId(databox);
        a.registry().databox(id);
        java.util.List<User> grantees = grant.stream().map(a.users()::require).toList();
        BaseId baseId = a.collections().create(id, name);
        for (User u : a.users().list()) if (u.admin()) a.rights().grantAll(u.id(), baseId);
        for (User u : grantees) a.rights().grantAll(u.id(), baseId);
        context.say("Collection '" + name + "' created in databox " + id + " with base_id " + baseId + ".");
        return 0;
    }
}
