package org.athanor.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code user:list}: the users of the appbox. */
@Command(name = "user:list", mixinStandardHelpOptions = true, description = "List the users (id, login, email, admin, state, last connection); state says whether they can sign in: "
        + "active, no password, locked, template or deleted.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:no installation or bad configuration"})
final class UserListCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(UserService users) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

    UserListCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    record Row(long id, String login, String email, boolean admin, String state, String locale, String createdAt, String lastConnection) {}

    @Override public Integer call() {
        boolean json = Output.json(format);
        List<Row> rows = uses.get().users().listWithStates().stream()
                .map(l -> {
                    User u = l.user();
                    return new Row(u.id().value(), u.login(), u.email(), u.admin(), l.state().label, u.locale(), u.createdAt().toString(),
                            u.lastConnection() == null ? null : u.lastConnection().toString());
                })
                .toList();
        if (json) Output.json(context.out(), rows);
        else Output.table(context.out(), List.of("id", "login", "email", "admin", "state", "last connection"),
                rows.stream().map(r -> List.of(Long.toString(r.id()), r.login(), r.email() == null ? "" : r.email(),
                        r.admin() ? "yes" : "no", r.state(), r.lastConnection() == null ? "never" : r.lastConnection())).toList());
        return 0;
    }
}
