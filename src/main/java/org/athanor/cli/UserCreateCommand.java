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

/** {@code user:create LOGIN}: a new user; the password is asked for when not given. */
@Command(name = "user:create", mixinStandardHelpOptions = true, description = "Create a user (password hashed with argon2id). Recorded in the admin log.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:created", "1:no installation or bad configuration", "2:bad argument or login already taken"})
final class UserCreateCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(UserService users, AdminLog adminLog) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Parameters(index = "0", paramLabel = "LOGIN") String login;
    @Option(names = "--email") String email;
    @Option(names = "--password", description = "Password (asked for when omitted and a terminal is there).") String password;
    @Option(names = "--admin", description = "Make the user an administrator.") boolean admin;
    @Option(names = "--locale", defaultValue = "en", description = "en, fr, de or nl. Default ${DEFAULT-VALUE}.") String locale;

    UserCreateCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() {
        if (password == null) {
            Console console = System.console();
            if (console == null || !context.interactive())
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--password is required when no terminal can ask for it");
            char[] p = console.readPassword("Password for %s: ", login);
            password = p == null ? "" : new String(p);
        }
        Uses services = uses.get();
        User u = services.users().create(new UserService.NewUser(login, email, password, admin, locale));
        context.recordAdminAction(services::adminLog, "user.create", u.login() + (u.admin() ? " (administrator)" : ""));
        context.say("User " + u.login() + " created (id " + u.id().value() + (u.admin() ? ", administrator" : "") + ").");
        return 0;
    }
}
