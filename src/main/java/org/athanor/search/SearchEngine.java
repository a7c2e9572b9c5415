package org.athanor.search;

import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;

/**
 * A search engine: keeps one document per record and story, and answers {@link SearchRequest}s with the rights of the
 * request inside the query. Implemented by {@link org.athanor.search.lucene.LuceneSearchEngine} (embedded, default);
 * OpenSearch will implement the same contract: documents are {@link IndexedRecord}s, queries are
 * {@link org.athanor.search.query.Query} trees checked against a {@link SearchCatalog}.
 */
public interface SearchEngine extends AutoCloseable {
    /** Create an empty index; refuse when one exists. */
    void create();

    /** Remove the index and any build in progress; nothing is searchable until the next create and populate. */
    void drop();

    /** Return true when the index exists. */
    boolean exists();

    /** Add or replace the document of a record; seen by searches within 2 seconds (1 on an idle machine). */
    void index(IndexedRecord record);

    /** Remove the document of a record; nothing happens when there is none. */
    void delete(DataboxId databox, RecordId record);

    /** Start a new build beside the live index, or resume the one a killed populate left. */
    IndexBuild beginBuild();

    /** Run a search; the query is checked against the catalog (unknown fields are errors with their position). */
    SearchResult search(SearchRequest request, SearchCatalog catalog);

    /** Make every change so far visible to searches now (tests and the benchmark; engines refresh by themselves). */
    void refresh();

    /** What the index holds. */
    IndexStatus status();

    @Override void close();
}
