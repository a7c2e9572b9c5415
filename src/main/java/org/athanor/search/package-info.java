/**
 * Search: the {@link org.athanor.search.SearchEngine} interface every engine implements (Lucene embedded, OpenSearch
 * later), the catalog and rights a search runs with, and {@link org.athanor.search.SearchService}, which the CLI, web
 * and API call. The query language lives in {@code query}, the Lucene engine in {@code lucene}.
 */
package org.athanor.search;
