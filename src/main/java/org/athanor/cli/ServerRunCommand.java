package org.athanor.cli;

import java.util.concurrent.Callable;
import org.athanor.config.AthanorConfig;
import org.athanor.setup.upgrade.AwaitedUpgrade;
import org.athanor.setup.upgrade.UpgradeService;
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
        if (UpgradeService.awaitsUpgrade(context.configFile(), CliContext.home())) {
            AthanorConfig config = athanorsOrNull();
            String h = host != null ? host : config != null ? config.http().host() : "127.0.0.1";
            int p = port != null ? port : config != null ? config.http().port() : 8080;
            return ServerRunner.runWaiting(context, h, p, withScheduler, describe(config));
        }
        AthanorConfig config = context.config();
        String h = host != null ? host : config.http().host();
        int p = port != null ? port : config.http().port();
        return ServerRunner.run(context, context.athanor(), h, p, withScheduler);
    }

    /** Athanor's configuration, or null while the file is still Phraseanet's (the upgrade imports it). */
    private AthanorConfig athanorsOrNull() {
        try {
            return context.config();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** What the boxes say, for /health and the console. */
    private static AwaitedUpgrade.Status describe(AthanorConfig config) {
        if (config == null) return new AwaitedUpgrade.Status(AwaitedUpgrade.State.AWAITS_UPGRADE, "a Phraseanet installation, to import");
        try {
            AwaitedUpgrade.Status s = AwaitedUpgrade.read(config);
            return s.waits() ? s : new AwaitedUpgrade.Status(AwaitedUpgrade.State.AWAITS_UPGRADE, "an interrupted or pending upgrade");
        } catch (RuntimeException e) {
            return new AwaitedUpgrade.Status(AwaitedUpgrade.State.AWAITS_UPGRADE, "the installation awaits bin/setup system:upgrade");
        }
    }
}
