package org.athanor.cli;

import java.util.concurrent.Callable;
import org.athanor.Athanor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code server:run}: the HTTP server (web pages, API, /health) in the foreground. */
@Command(name = "server:run", mixinStandardHelpOptions = true,
        description = "Run the HTTP server in the foreground; SIGTERM stops it gracefully (requests in flight finish, up to 30 s).",
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
        Athanor athanor = context.athanor();
        String h = host != null ? host : athanor.config().http().host();
        int p = port != null ? port : athanor.config().http().port();
        return ServerRunner.run(context, athanor, h, p, withScheduler);
    }
}
