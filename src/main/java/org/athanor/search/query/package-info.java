/**
 * Phraseanet 4.0's query language: {@link org.athanor.search.query.QueryParser} turns the text a user types into a
 * {@link org.athanor.search.query.Query} tree that every search engine translates; errors show the position.
 */
package org.athanor.search.query;
