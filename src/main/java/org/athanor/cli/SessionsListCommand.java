package org.athanor.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.appbox.Session;
import org.athanor.appbox.SessionService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sessions:list}: the open web sessions. */
@Command(name = "sessions:list", mixinStandardHelpOptions = true,
        description = "List the open web sessions (id, user, IP, browser, module, created, last seen).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:no installation or bad configuration"})
final class SessionsListCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(SessionService sessions) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

    SessionsListCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    record Row(String id, String login, String ip, String userAgent, String module, String createdAt, String lastSeen) {}

    @Override public Integer call() {
        boolean json = Output.json(format);
        List<Row> rows = uses.get().sessions().list().stream()
                .map((Session s) -> new Row(s.id(), s.login(), s.ip(), s.userAgent(), s.module(), s.createdAt().toString(),
                        s.lastSeen().toString()))
                .toList();
        if (json) Output.json(context.out(), rows);
        else Output.table(context.out(), List.of("id", "user", "ip", "module", "last seen", "browser"),
                rows.stream().map(r -> List.of(r.id().substring(0, 12), r.login(), nz(r.ip()), nz(r.module()), r.lastSeen(),
                        nz(r.userAgent()).length() > 40 ? r.userAgent().substring(0, 40) + "…" : nz(r.userAgent()))).toList());
        return 0;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
