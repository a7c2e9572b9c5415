package org.athanor.search;

import java.util.Set;
import org.athanor.ids.BaseId;
import org.athanor.search.query.Query;

/**
 * One search: a query as typed and parsed, who runs it, and what to return.
 *
 * @param text        the query as typed: errors found against the structures point into it
 * @param collections only these collections (empty = every collection of the scope); never widens the scope
 * @param offset      hits to skip (pagination), 0 first
 * @param limit       hits to return, 1..1000
 * @param facets      whether to count facets
 * @param highlight   whether to mark the matched words in the captions of the hits
 */
public record SearchRequest(String text, Query query, SearchScope scope, Set<BaseId> collections, SearchSort sort, int offset, int limit,
                            boolean facets, boolean highlight) {
    /** Parse {@code text} and make a request of it; a wrong query is refused with its position. */
    public static SearchRequest of(String text, SearchScope scope, Set<BaseId> collections, SearchSort sort, int offset, int limit,
                                   boolean facets, boolean highlight) {
        return new SearchRequest(text, org.athanor.search.query.QueryParser.parse(text), scope, collections, sort, offset, limit, facets, highlight);
    }

    /** Deepest hit a request may reach (offset + limit): deeper pages cost memory and time for every search. */
    public static final int MAX_WINDOW = 100_000;

    /** Most hits one request returns. */
    public static final int MAX_LIMIT = 1000;

    public SearchRequest {
        text = text == null ? "" : text;
        collections = Set.copyOf(collections);
        if (offset > MAX_WINDOW - limit) throw new org.athanor.core.AthanorException(org.athanor.core.ErrorCode.BAD_ARGUMENT, "--offset " + offset
                + ": pages go up to the " + MAX_WINDOW + "th hit; narrow the query or change the sort instead");
        if (offset < 0) throw new org.athanor.core.AthanorException(org.athanor.core.ErrorCode.BAD_ARGUMENT, "--offset " + offset + ": use 0 or more");
        if (limit < 1 || limit > MAX_LIMIT) throw new org.athanor.core.AthanorException(org.athanor.core.ErrorCode.BAD_ARGUMENT,
                "--limit " + limit + ": use 1 to " + MAX_LIMIT);
        if (sort == null) sort = SearchSort.RELEVANCE;
    }
}
