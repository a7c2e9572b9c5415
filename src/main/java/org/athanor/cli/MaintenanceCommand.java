package org.athanor.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.AdminLog;
import org.athanor.appbox.Maintenance;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.config.RegistryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code system:maintenance on [--message TEXT] | off | status}: the maintenance flag of configuration.yml. */
@Command(name = "system:maintenance", mixinStandardHelpOptions = true,
        description = {"Switch maintenance mode on or off, or show it. Running servers pick the change up within 2 seconds:",
                "web pages and API answer 503 with the message; /health, the CLI, the scheduler and tasks keep working.",
                "configuration.yml is rewritten atomically, keeping everything else in it. The switch is recorded in the admin log",
                "(actor cli:<system user>), shown in the admin console's \"Latest administrator actions\"."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (status: printed)", "1:no installation or bad configuration", "2:bad argument"})
final class MaintenanceCommand implements Callable<Integer> {
    private final CliContext context;
    private final Supplier<Maintenance> maintenance;
    @Parameters(index = "0", paramLabel = "on|off|status") String action;
    @Option(names = "--message", paramLabel = "TEXT", description = "With 'on': the message shown on the maintenance page.") String message;

    MaintenanceCommand(CliContext context, Supplier<Maintenance> maintenance) {
        this.context = context;
        this.maintenance = maintenance;
    }

    @Override public Integer call() {
        switch (action) {
            case "on" -> {
                if (message != null) RegistryConfig.checkMaintenanceMessage(message);   // exit 2 before the installation is opened
                maintenance.get().set(true, message, AdminLog.cliActor(), null);
                context.say("Maintenance is on" + (message != null && !message.isEmpty() ? ": " + org.athanor.core.Text.forTerminal(message) : "") + ".");
            }
            case "off" -> {
                if (message != null) throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--message goes with 'on' only");
                maintenance.get().set(false, null, AdminLog.cliActor(), null);
                context.say("Maintenance is off.");
            }
            case "status" -> {
                AthanorConfig c = ConfigLoader.load(context.configFile());
                String msg = c.registry().maintenanceMessage();
                context.out().println("maintenance: " + (c.main().maintenance() ? "on" : "off"));
                context.out().println("message: " + org.athanor.core.Text.forTerminal(msg));
                context.out().println("retry-after: " + c.registry().maintenanceRetryAfter().toSeconds());
                context.out().flush();
            }
            default -> throw new AthanorException(ErrorCode.BAD_ARGUMENT, "'" + action + "': use on, off or status");
        }
        return 0;
    }
}
