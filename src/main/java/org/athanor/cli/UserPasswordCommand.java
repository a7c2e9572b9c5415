package org.athanor.cli;

import java.io.Console;
import java.util.concurrent.Callable;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;
import org.athanor.appbox.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code user:password LOGIN}: set a user's password; the password is asked for when not given. */
@Command(name = "user:password", mixinStandardHelpOptions = true, description = "Set a user's password (hashed with argon2id).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:changed", "1:no installation or bad configuration", "2:bad argument, unknown user or password too short"})
final class UserPasswordCommand implements Callable<Integer> {
    private final CliContext context;
    @Parameters(index = "0", paramLabel = "LOGIN") String login;
    @Option(names = "--password", description = "New password (asked for when omitted and a terminal is there).") String password;
    @Option(names = "--disconnect", description = "Also end the user's web sessions.") boolean disconnect;

    UserPasswordCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() {
        User u = context.athanor().users().require(login);
        if (password == null) {
            Console console = System.console();
            if (console == null || !context.interactive())
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--password is required when no terminal can ask for it");
            char[] p = console.readPassword("New password for %s: ", u.login());
            password = p == null ? "" : new String(p);
        }
        context.athanor().users().setPassword(u.id(), password);
        String actor = "cli:" + System.getProperty("user.name");
        context.athanor().adminLog().record(actor, "user.password", u.login(), null);
        context.say("Password of " + u.login() + " changed.");
        if (disconnect) {
            int n = context.athanor().sessions().disconnectUser(u.id());
            context.say(n + " session(s) of " + u.login() + " ended.");
        }
        return 0;
    }
}
