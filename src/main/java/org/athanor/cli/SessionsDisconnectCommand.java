package org.athanor.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.appbox.AdminLog;
import org.athanor.appbox.Session;
import org.athanor.appbox.SessionService;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sessions:disconnect --all | --user LOGIN | --id ID}: end web sessions; the users land on the login page at their next click. */
@Command(name = "sessions:disconnect", mixinStandardHelpOptions = true,
        description = "End web sessions: everybody's, one user's, or one; those users land on the login page at their next click.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:disconnected (also when there was nothing to end)", "1:no installation or bad configuration",
                "2:bad argument, unknown user or session"})
final class SessionsDisconnectCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(SessionService sessions, UserService users, AdminLog adminLog) {}

    private final CliContext context;
    private final Supplier<Uses> uses;

    @ArgGroup(exclusive = true, multiplicity = "1") Which which;

    static final class Which {
        @Option(names = "--all", required = true, description = "Every session of every user, and every \"remember me\" token.") boolean all;
        @Option(names = "--user", required = true, paramLabel = "LOGIN", description = "Every session of this user.") String user;
        @Option(names = "--id", required = true, paramLabel = "ID", description = "One session (id from sessions:list; 8 hex digits or more).") String id;
    }

    SessionsDisconnectCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() {
        Uses a = uses.get();
        String actor = AdminLog.cliActor();
        if (which.all) {
            int n = a.sessions().disconnectAll();
            a.adminLog().record(actor, "sessions.disconnect-all", n + " session(s)", null);
            context.say(n + " session(s) ended.");
        } else if (which.user != null) {
            User u = a.users().require(which.user);
            int n = a.sessions().disconnectUser(u.id());
            a.adminLog().record(actor, "sessions.disconnect-user", u.login() + ": " + n + " session(s)", null);
            context.say(n + " session(s) of " + u.login() + " ended.");
        } else {
            Session s = a.sessions().require(which.id);
            a.sessions().disconnect(s.id());
            a.adminLog().record(actor, "sessions.disconnect", s.login() + " " + s.id().substring(0, 12), null);
            context.say("Session " + s.id().substring(0, 12) + " of " + s.login() + " ended.");
        }
        return 0;
    }
}
