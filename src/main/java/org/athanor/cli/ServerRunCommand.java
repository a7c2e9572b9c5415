package org.athanor.cli;

import java.util.concurrent.Callable;
import org.athanor.config.AthanorConfig;
import org.athanor.setup.upgrade.AwaitedUpgrade;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code server:run}: the HTTP server (web pages, API, /health) in the foreground. */
@Command(name = "server:run", mixinStandardHelpOptions = true,
        description = {"Run the HTTP server in the foreground; SIGTERM stops it gracefully (requests in flight finish, up to 30 s).",
                "On an installation that awaits bin/setup system:upgrade it serves only the maintenance page (503, /health says "
                + "the upgrade is pending), writes nothing, and opens the installation by itself once the upgrade has finished."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped gracefully", "1:no installation or bad configuration", "3:could not start (port in use, database unreachable, another scheduler runs on this machine)"})
final class ServerRunCommand implements Callable<Integer> {
    private final CliContext context;
    @Option(names = "--host", description = "Address to listen on (default: http.host of configuration.yml).") String host;
    @Option(names = "--port", description = "Port to listen on (default: http.port of configuration.yml; 0 = any free port).") Integer port;
    @Option(names = "--with-scheduler", description = "Run the task scheduler in the same process (as the demo does).") boolean withScheduler;

    ServerRunCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() {
        AthanorConfig config = context.config();
        String h = host != null ? host : config.http().host();
        int p = port != null ? port : config.http().port();
        AwaitedUpgrade.Status status = awaited(config);
        if (status != null && status.waits()) return ServerRunner.runWaiting(context, h, p, withScheduler, status);
        return ServerRunner.run(context, context.athanor(), h, p, withScheduler);
    }

    /** What the boxes say about an upgrade; null when they cannot be read (opening the installation then says why). */
    private static AwaitedUpgrade.Status awaited(AthanorConfig config) {
        try {
            return AwaitedUpgrade.read(config);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
