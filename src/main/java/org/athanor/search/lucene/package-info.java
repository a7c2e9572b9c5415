/**
 * The embedded search engine: one Apache Lucene index per installation in the data folder. Start at
 * {@link org.athanor.search.lucene.LuceneSearchEngine}; the other classes are its parts.
 */
package org.athanor.search.lucene;
