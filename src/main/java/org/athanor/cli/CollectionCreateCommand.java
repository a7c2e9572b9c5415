package org.athanor.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.appbox.Registry;
import org.athanor.appbox.Rights;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.ids.BaseId;
import org.athanor.databox.Collections;
import org.athanor.ids.DataboxId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code collection:create DATABOX_ID NAME}: a new collection; admins (or --grant users) get every right on it. */
@Command(name = "collection:create", mixinStandardHelpOptions = true,
        description = "Create a collection in a databox and print its base_id.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:created", "1:no installation or bad configuration", "2:bad argument, unknown databox or name taken"})
final class CollectionCreateCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(Registry registry, UserService users, Collections collections, Rights rights) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Parameters(index = "0", paramLabel = "DATABOX_ID", description = "sbas_id of the databox (see databox:list).") int databox;
    @Parameters(index = "1", paramLabel = "NAME", description = "Collection name.") String name;
    @Option(names = "--grant", paramLabel = "LOGIN", description = "Also give this user every right on it (repeatable).") java.util.List<String> grant = new java.util.ArrayList<>();

    CollectionCreateCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() {
        Uses a = uses.get();
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
