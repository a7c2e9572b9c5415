package org.athanor.search.query;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed query: the tree {@link QueryParser} builds from Phraseanet's query language. Every node keeps the
 * position (1-based column) where it starts, so that a later check (an unknown field) can point at it.
 */
public sealed interface Query {
    /** Column (1-based) of the first character of this node in the query text. */
    int position();

    /** Print the tree on one line, e.g. {@code (AND <text:montagne> <Keywords:lac>)}. */
    String tree();

    /** The empty query: every record the user may see. */
    record MatchAll(int position) implements Query {
        @Override public String tree() { return "<all>"; }
    }

    /**
     * Free text: one word, a word ending in {@code *} (prefix), or an exact phrase between quotes; matched in every
     * caption field the user may search.
     */
    record Text(String text, boolean phrase, int position) implements Query {
        public Text {
            if (text.isEmpty()) throw new IllegalArgumentException("empty text");
        }
        /** Return true for a word ending in {@code *}: every word that starts with the rest. */
        public boolean prefix() { return !phrase && text.length() > 1 && text.endsWith("*"); }
        @Override public String tree() { return phrase ? "<phrase:\"" + text + "\">" : prefix() ? "<prefix:" + text + ">" : "<text:" + text + ">"; }
    }

    /** Both sides (all operands) match: {@code a AND b}, {@code a ET b}, or words side by side. */
    record And(List<Query> operands, int position) implements Query {
        public And { operands = List.copyOf(operands); }
        @Override public String tree() { return "(AND " + operands.stream().map(Query::tree).collect(Collectors.joining(" ")) + ")"; }
    }

    /** Any operand matches: {@code a OR b}, {@code a OU b}. */
    record Or(List<Query> operands, int position) implements Query {
        public Or { operands = List.copyOf(operands); }
        @Override public String tree() { return "(OR " + operands.stream().map(Query::tree).collect(Collectors.joining(" ")) + ")"; }
    }

    /** {@code include EXCEPT exclude} ({@code SAUF}): records matching the left side and not the right side. */
    record Except(Query include, Query exclude, int position) implements Query {
        @Override public String tree() { return "(EXCEPT " + include.tree() + " " + exclude.tree() + ")"; }
    }

    /**
     * A condition on one key: {@code Keywords:montagne} (contains), {@code Title="Tour Eiffel"} (exact),
     * {@code Date>=2015/07}, {@code created_on<2016}, {@code meta.Width>1000}, {@code collection:archives}.
     */
    record Condition(Key key, Operator operator, String value, boolean quoted, int position) implements Query {
        @Override public String tree() {
            return "<" + key + operator.symbol + (quoted ? "\"" + value + "\"" : value) + ">";
        }
    }

    /** {@code flag.Online:true}: a status bit of the record, by its name, set or not. */
    record Flag(String name, boolean set, int position) implements Query {
        @Override public String tree() { return "<flag." + name + ":" + set + ">"; }
    }

    /** How a {@link Condition} compares. */
    enum Operator {
        /** {@code :} the value is contained in the key (words of a text field; the value of other keys). */
        CONTAINS(":"),
        /** {@code =} the whole value is equal. */
        EQUALS("="),
        LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

        /** The symbol as written in a query. */
        public final String symbol;

        Operator(String symbol) { this.symbol = symbol; }

        /** Return true for {@code < <= > >=}. */
        public boolean isRange() { return this != CONTAINS && this != EQUALS; }
    }

    /** What a {@link Condition} is about. */
    sealed interface Key {}

    /** A caption field of the structure, by name ({@code Keywords} or {@code field.Keywords}). */
    record FieldKey(String name) implements Key {
        @Override public String toString() { return name; }
    }

    /** A technical datum, {@code meta.Width} or {@code exif.Width}. */
    record MetaKey(String name) implements Key {
        @Override public String toString() { return "meta." + name; }
    }

    /** A property every record has, whatever its structure. */
    enum NativeKey implements Key {
        DATABASE("database"), COLLECTION("collection"), TYPE("type"), RECORD_ID("recordid"), UUID("uuid"), SHA256("sha256"),
        CREATED_ON("created_on"), UPDATED_ON("updated_on");

        /** The name written in a query. */
        public final String word;

        NativeKey(String word) { this.word = word; }

        /** Return true for the two dates. */
        public boolean isDate() { return this == CREATED_ON || this == UPDATED_ON; }

        @Override public String toString() { return word; }
    }
}
