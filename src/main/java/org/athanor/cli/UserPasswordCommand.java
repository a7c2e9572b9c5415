package org.athanor.cli;

import java.io.Console;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.AdminLog;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code user:password LOGIN}: set a user's password; the password is asked for when not given. */
@Command(name = "user:password", mixinStandardHelpOptions = true,
        description = "Set a user's password (hashed with argon2id); the user's web sessions and \"remember me\" tokens end.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:changed", "1:no installation or bad configuration", "2:bad argument, unknown user or password too short"})
final class UserPasswordCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(UserService users, AdminLog adminLog) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Parameters(index = "0", paramLabel = "LOGIN") String login;
    @Option(names = "--password", description = "New password (asked for when omitted and a terminal is there).") String password;
    @Option(names = "--disconnect", hidden = true, description = "Kept for scripts of earlier releases: sessions always end now.")
    boolean disconnect;

    UserPasswordCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() {
        User u = uses.get().users().require(login);
        if (password == null) {
            Console console = System.console();
            if (console == null || !context.interactive())
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--password is required when no terminal can ask for it");
            char[] p = console.readPassword("New password for %s: ", u.login());
            password = p == null ? "" : new String(p);
        }
        int ended = uses.get().users().setPassword(u.id(), password, null);
        String actor = AdminLog.cliActor();
        uses.get().adminLog().record(actor, "user.password", u.login() + ": " + ended + " session(s) ended", null);
        context.say("Password of " + u.login() + " changed; " + ended + " session(s) and every \"remember me\" token of "
                + u.login() + " ended.");
        return 0;
    }
}
