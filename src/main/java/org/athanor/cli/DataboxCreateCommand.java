package org.athanor.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.appbox.Rights;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.ids.DataboxId;
import org.athanor.databox.Databoxes;
import org.athanor.databox.StructureTemplate;
import org.athanor.db.BoxConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code databox:create NAME}: a new databox on the appbox's database server (or a new H2 file). */
@Command(name = "databox:create", mixinStandardHelpOptions = true,
        description = "Create a databox from a structure template; admins get every databox right on it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:created", "1:no installation or bad configuration", "2:bad argument or name taken", "3:failed (nothing left behind)"})
final class DataboxCreateCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(Databoxes databoxes, UserService users, Rights rights, BoxConnection appboxConnection) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Parameters(index = "0", paramLabel = "NAME", description = "Databox name, also its database name (e.g. db_photos).") String name;
    @Option(names = "--template", defaultValue = "en-simple", description = "en-simple, fr-simple or DublinCore. Default ${DEFAULT-VALUE}.") String template;
    @Option(names = "--db-host", description = "Database host (default: the appbox's).") String host;
    @Option(names = "--db-port", description = "Database port (default: the appbox's).") Integer port;
    @Option(names = "--db-user", description = "Database user (default: the appbox's).") String user;
    @Option(names = "--db-password", description = "Database password (default: the appbox's).") String password;

    DataboxCreateCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() {
        Databoxes.checkName(name);
        StructureTemplate t = StructureTemplate.byName(template);
        Uses a = uses.get();
        BoxConnection c = a.appboxConnection().beside(name, host, port, user, password);
        DataboxId id = a.databoxes().create(name, t, c);
        for (User u : a.users().list()) if (u.admin()) a.rights().grantAll(u.id(), id);
        context.say("Databox " + name + " created with sbas_id " + id + " (" + c.describe() + ").");
        context.say("Add a collection with: bin/console collection:create " + id + " NAME");
        return 0;
    }
}
