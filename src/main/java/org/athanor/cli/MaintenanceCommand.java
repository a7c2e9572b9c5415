package org.athanor.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.config.ConfigWriter;
import org.athanor.config.RegistryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code system:maintenance on [--message TEXT] | off | status}: the maintenance flag of configuration.yml. */
@Command(name = "system:maintenance", mixinStandardHelpOptions = true,
        description = {"Switch maintenance mode on or off, or show it. Running servers pick the change up within 2 seconds:",
                "web pages and API answer 503 with the message; /health, the CLI, the scheduler and tasks keep working.",
                "configuration.yml is rewritten atomically, keeping everything else in it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (status: printed)", "1:no installation or bad configuration", "2:bad argument"})
final class MaintenanceCommand implements Callable<Integer> {
    private final CliContext context;
    @Parameters(index = "0", paramLabel = "on|off|status") String action;
    @Option(names = "--message", paramLabel = "TEXT", description = "With 'on': the message shown on the maintenance page.") String message;

    MaintenanceCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() {
        switch (action) {
            case "on" -> {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("main.maintenance", Boolean.TRUE);
                if (message != null) values.put("registry.maintenance.message", RegistryConfig.checkMaintenanceMessage(message));
                ConfigWriter.setValues(context.configFile(), values);
                context.say("Maintenance is on" + (message != null && !message.isEmpty() ? ": " + org.athanor.Text.forTerminal(message) : "") + ".");
            }
            case "off" -> {
                if (message != null) throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--message goes with 'on' only");
                ConfigWriter.setValue(context.configFile(), "main.maintenance", Boolean.FALSE);
                context.say("Maintenance is off.");
            }
            case "status" -> {
                AthanorConfig c = ConfigLoader.load(context.configFile());
                String msg = c.registry().maintenanceMessage();
                context.out().println("maintenance: " + (c.main().maintenance() ? "on" : "off"));
                context.out().println("message: " + org.athanor.Text.forTerminal(msg));
                context.out().println("retry-after: " + c.registry().maintenanceRetryAfter().toSeconds());
                context.out().flush();
            }
            default -> throw new AthanorException(ErrorCode.BAD_ARGUMENT, "'" + action + "': use on, off or status");
        }
        return 0;
    }
}
