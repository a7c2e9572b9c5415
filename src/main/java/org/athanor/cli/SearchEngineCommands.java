package org.athanor.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.athanor.core.Progress;
import org.athanor.search.IndexStatus;
import org.athanor.search.SearchService;
import org.athanor.search.query.Query;
import org.athanor.search.query.QueryParser;
import org.athanor.search.query.QueryTree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code searchengine:*} commands: create, drop, populate and inspect the index; parse a query. */
final class SearchEngineCommands {
    private SearchEngineCommands() {}

    @Command(name = "searchengine:index:create", mixinStandardHelpOptions = true,
            description = "Create an empty search index (main.search-engine in configuration.yml; Lucene: <data>/index). Fill it with searchengine:index:populate.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:created", "1:no installation or bad configuration", "3:an index exists already, or the folder cannot be written"})
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        Create(CliContext context) { this.context = context; }

        @Override public Integer call() {
            SearchService search = context.athanor().search();
            search.engine().create();
            context.say("Search index created in " + search.status().location() + ". Fill it with bin/console searchengine:index:populate.");
            return 0;
        }
    }

    @Command(name = "searchengine:index:drop", mixinStandardHelpOptions = true,
            description = "Remove the search index and any interrupted populate. Searches fail until create and populate run again; records are untouched.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:removed (or there was none)", "1:no installation or bad configuration", "3:the folder cannot be removed"})
    static final class Drop implements Callable<Integer> {
        private final CliContext context;

        Drop(CliContext context) { this.context = context; }

        @Override public Integer call() {
            SearchService search = context.athanor().search();
            search.engine().drop();
            context.say("Search index removed. Rebuild it with searchengine:index:create, then searchengine:index:populate.");
            return 0;
        }
    }

    @Command(name = "searchengine:index:populate", mixinStandardHelpOptions = true,
            description = {"Index every record and story of every databox into a new index, then swap it in at once.",
                    "Searches keep answering from the current index meanwhile. A killed populate resumes from its last checkpoint when run again.",
                    "Creates the index when there is none."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:populated and swapped in", "1:no installation or bad configuration", "3:a databox or the index could not be read or written (run again to resume)"})
    static final class Populate implements Callable<Integer> {
        private final CliContext context;

        Populate(CliContext context) { this.context = context; }

        @Override public Integer call() {
            SearchService search = context.athanor().search();
            SearchService.PopulateReport report = search.populate(new LineProgress(context));
            context.say(String.format("%s %d record(s)%s in %.1f s; the new index is live.", report.resumed() ? "Resumed and indexed" : "Indexed",
                    report.indexed(), report.removed() > 0 ? " (" + report.removed() + " deleted meanwhile removed)" : "", report.millis() / 1000.0));
            return 0;
        }
    }

    /** Prints a step per line and the progress at most every 2 seconds (and at the end of a step). */
    static final class LineProgress implements Progress {
        private final CliContext context;
        private long shownAt;
        private long lastDone = -1;
        private long lastTotal;

        LineProgress(CliContext context) { this.context = context; }

        @Override public void step(String label) {
            flush();
            context.say(label);
        }

        @Override public void advance(long done, long total) {
            lastDone = done;
            lastTotal = total;
            long now = System.currentTimeMillis();
            if (now - shownAt >= 2000 || done == total) {
                shownAt = now;
                show();
            }
        }

        private void flush() {
            if (lastDone >= 0 && lastDone != lastTotal) show();
            lastDone = -1;
        }

        private void show() {
            context.say(lastTotal > 0 ? String.format("  %d / %d records (%d%%)", lastDone, lastTotal, lastDone * 100 / lastTotal)
                    : "  " + lastDone + " records");
        }
    }

    @Command(name = "searchengine:index:status", mixinStandardHelpOptions = true,
            description = "Show where the search index is, how many documents it holds per databox, and a populate in progress or interrupted.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the index exists", "1:no installation or bad configuration", "2:there is no index"})
    static final class Status implements Callable<Integer> {
        private final CliContext context;
        @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

        Status(CliContext context) { this.context = context; }

        @Override public Integer call() {
            boolean json = Output.json(format);
            IndexStatus s = context.athanor().search().status();
            if (json) {
                Output.json(context.out(), s);
                return s.exists() ? 0 : 2;
            }
            if (!s.exists()) {
                context.out().println("No search index in " + s.location() + ". Create it with searchengine:index:create, then searchengine:index:populate.");
                context.out().flush();
                return 2;
            }
            var out = context.out();
            out.println("Search index: " + s.location());
            out.printf("  documents: %d (records and stories)%n", s.documents());
            for (Map.Entry<Integer, Long> e : s.perDatabox().entrySet()) out.printf("    databox %d: %d%n", e.getKey(), e.getValue());
            out.printf("  size on disk: %.1f MiB%n", s.sizeBytes() / 1024.0 / 1024.0);
            if (s.building() != null)
                out.printf("  a populate is in progress or was interrupted: %d record(s) done; run searchengine:index:populate to resume%n", s.building());
            out.flush();
            return 0;
        }
    }

    @Command(name = "searchengine:query:parse", mixinStandardHelpOptions = true,
            description = "Parse a query of Phraseanet's query language and print its tree; needs no installation.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:parsed", "2:the query is wrong (the message shows the position)"})
    static final class Parse implements Callable<Integer> {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "QUERY", description = "The query, quoted for the shell, e.g. 'Keywords:montagne AND Date>=2015'.") String query;
        @Option(names = "--format", defaultValue = "text", description = "text (an indented tree) or line (one line).") String format;

        Parse(CliContext context) { this.context = context; }

        @Override public Integer call() {
            if (!format.equals("text") && !format.equals("line"))
                throw new org.athanor.core.AthanorException(org.athanor.core.ErrorCode.BAD_ARGUMENT, "--format " + format + ": use text or line");
            Query q = QueryParser.parse(query);
            context.out().print(format.equals("line") ? q.tree() + "\n" : QueryTree.indented(q));
            context.out().flush();
            return 0;
        }
    }
}
