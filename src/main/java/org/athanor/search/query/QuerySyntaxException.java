package org.athanor.search.query;

import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/**
 * A query that cannot be read or does not fit the databoxes searched: the message names the problem, the position
 * (1-based column) and shows the query with a caret under that column. Code {@link ErrorCode#BAD_ARGUMENT} (exit 2).
 */
public final class QuerySyntaxException extends AthanorException {
    private final int position;
    private final String problem;

    public QuerySyntaxException(String query, int position, String problem) {
        super(ErrorCode.BAD_ARGUMENT, "Query error at position " + position + ": " + problem + "\n  " + query.replace('\n', ' ')
                + "\n  " + " ".repeat(Math.max(0, position - 1)) + "^");
        this.position = position;
        this.problem = problem;
    }

    /** The 1-based column the error points at. */
    public int position() {
        return position;
    }

    /** The problem alone, without position nor query. */
    public String problem() {
        return problem;
    }
}
