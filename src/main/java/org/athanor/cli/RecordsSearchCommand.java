package org.athanor.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.ids.BaseId;
import org.athanor.search.SearchResult;
import org.athanor.search.SearchService;
import org.athanor.search.SearchSort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code records:search QUERY}: hits and facets, as the installation or as a user. */
@Command(name = "records:search", mixinStandardHelpOptions = true,
        description = {"Search records with Phraseanet's query language and print the hits (sbas_id, record_id, title, score) and the facets.",
                "Without --user the search sees every collection; with --user, only what that user may see (collections, status masks, business fields)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:searched (even with no hit)", "1:no installation or bad configuration",
                "2:the query is wrong (the message shows the position), an unknown user or collection, or no index"})
final class RecordsSearchCommand implements Callable<Integer> {
    private final CliContext context;
    @Parameters(index = "0", paramLabel = "QUERY", defaultValue = "", description = "The query, e.g. 'Keywords:montagne AND Date>=2015'; empty for every record.") String query;
    @Option(names = "--user", paramLabel = "LOGIN", description = "Search with this user's rights.") String user;
    @Option(names = "--collection", paramLabel = "BASE_ID|NAME", description = "Only this collection (repeat for several).") List<String> collections = new ArrayList<>();
    @Option(names = "--sort", defaultValue = "relevance", description = "relevance, created_on, updated_on, record_id or a field, then :asc or :desc (default ${DEFAULT-VALUE}).") String sort;
    @Option(names = "--offset", defaultValue = "0", description = "Hits to skip (default ${DEFAULT-VALUE}).") int offset;
    @Option(names = "--limit", defaultValue = "20", description = "Hits to print, 1..1000 (default ${DEFAULT-VALUE}).") int limit;
    @Option(names = "--no-facets", description = "Do not count facets.") boolean noFacets;
    @Option(names = "--highlight", description = "Show the matched words of the captions, between <em> and </em>.") boolean highlight;
    @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

    RecordsSearchCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() {
        boolean json = Output.json(format);
        SearchSort order = SearchSort.parse(sort);
        SearchService search = context.athanor().search();
        Set<BaseId> only = new LinkedHashSet<>();
        for (String c : collections) only.add(collection(search, c));
        SearchResult r = search.search(query, user, only, order, offset, limit, !noFacets, highlight || json);
        if (json) {
            Output.json(context.out(), r);
            return 0;
        }
        var out = context.out();
        out.printf("%d record(s) found in %d ms%s%n", r.total(), r.tookMillis(),
                r.total() > 0 ? String.format("; %d to %d shown", r.offset() + Math.min(1, r.hits().size()), r.offset() + r.hits().size()) : "");
        if (!r.hits().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (SearchResult.Hit h : r.hits())
                rows.add(List.of(String.valueOf(h.databox().value()), String.valueOf(h.record().value()),
                        (h.story() ? "[story] " : "") + (h.title() == null ? "" : h.title()), String.format("%.3f", h.score())));
            Output.table(out, List.of("sbas_id", "record_id", "title", "score"), rows);
            if (highlight)
                for (SearchResult.Hit h : r.hits())
                    h.highlights().forEach((field, passages) -> out.printf("  %d/%d %s: %s%n", h.databox().value(), h.record().value(),
                            org.athanor.core.Text.forTerminal(field), org.athanor.core.Text.forTerminal(String.join(" … ", passages))));
        }
        for (SearchResult.Facet f : r.facets()) {
            List<String> values = f.values().stream().map(v -> v.value() + " (" + v.count() + ")").toList();
            out.println("Facet " + org.athanor.core.Text.forTerminal(f.name()) + ": " + org.athanor.core.Text.forTerminal(String.join(", ", values)));
        }
        out.flush();
        return 0;
    }

    private static BaseId collection(SearchService search, String c) {
        for (var d : search.catalog().databoxes())
            for (var e : d.collections().entrySet())
                if (String.valueOf(e.getKey().value()).equals(c) || e.getValue().equalsIgnoreCase(c)) return e.getKey();
        throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--collection " + c + ": no collection with that base_id or name. See bin/console collection:list.");
    }
}
