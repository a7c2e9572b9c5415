package org.athanor.search.query;

import java.util.List;

/** Prints a {@link Query} as an indented tree, one node a line, for {@code searchengine:query:parse}. */
public final class QueryTree {
    private QueryTree() {}

    /** Return the tree, each child two spaces under its parent, e.g. {@code AND} then {@code   text montagne}. */
    public static String indented(Query q) {
        StringBuilder b = new StringBuilder();
        print(q, 0, b);
        return b.toString();
    }

    private static void print(Query q, int depth, StringBuilder b) {
        String pad = "  ".repeat(depth);
        if (q instanceof Query.And a) {
            b.append(pad).append("AND\n");
            children(a.operands(), depth, b);
        } else if (q instanceof Query.Or o) {
            b.append(pad).append("OR\n");
            children(o.operands(), depth, b);
        } else if (q instanceof Query.Except e) {
            b.append(pad).append("EXCEPT\n");
            print(e.include(), depth + 1, b);
            print(e.exclude(), depth + 1, b);
        } else if (q instanceof Query.Text t) {
            b.append(pad).append(t.phrase() ? "phrase \"" + t.text() + "\"" : t.prefix() ? "prefix " + t.text() : "word " + t.text())
                    .append("   (position ").append(t.position()).append(")\n");
        } else if (q instanceof Query.Condition c) {
            String what = switch (c.operator()) {
                case CONTAINS -> "contains";
                case EQUALS -> "equals";
                case LESS -> "less than";
                case LESS_OR_EQUAL -> "at most";
                case GREATER -> "greater than";
                case GREATER_OR_EQUAL -> "at least";
            };
            String key = c.key() instanceof Query.FieldKey f ? "field " + f.name() : c.key() instanceof Query.MetaKey m ? "meta " + m.name() : c.key().toString();
            b.append(pad).append(key).append(' ').append(what).append(' ').append(c.quoted() ? "\"" + c.value() + "\"" : c.value())
                    .append("   (position ").append(c.position()).append(")\n");
        } else if (q instanceof Query.Flag f) {
            b.append(pad).append("flag ").append(f.name()).append(" is ").append(f.set() ? "set" : "not set")
                    .append("   (position ").append(f.position()).append(")\n");
        } else {
            b.append(pad).append("every record\n");
        }
    }

    private static void children(List<Query> operands, int depth, StringBuilder b) {
        for (Query o : operands) print(o, depth + 1, b);
    }
}
