package org.athanor.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.athanor.search.query.Query.And;
import org.athanor.search.query.Query.Condition;
import org.athanor.search.query.Query.Except;
import org.athanor.search.query.Query.FieldKey;
import org.athanor.search.query.Query.Flag;
import org.athanor.search.query.Query.Key;
import org.athanor.search.query.Query.MatchAll;
import org.athanor.search.query.Query.MetaKey;
import org.athanor.search.query.Query.NativeKey;
import org.athanor.search.query.Query.Operator;
import org.athanor.search.query.Query.Or;
import org.athanor.search.query.Query.Text;

/**
 * Parses Phraseanet 4.0's query language into a {@link Query} by recursive descent over this grammar:
 *
 * <pre>
 * query     := except?
 * except    := or ( ("EXCEPT" | "SAUF") or )*          lowest precedence, left to right
 * or        := and ( ("OR" | "OU") and )*
 * and       := operand ( ("AND" | "ET")? operand )*    words side by side are ANDed
 * operand   := "(" except ")" | condition | QUOTED | WORD
 * condition := key ":" value | key ("=" | "<" | "<=" | ">" | ">=") value | "flag." NAME ":" ("true" | "false" | "1" | "0")
 * key       := "database" | "collection" | "type" | "recordid" | "id" | "uuid" | "sha256"
 *            | "created_on" | "created_at" | "updated_on" | "updated_at"
 *            | ("meta." | "exif.") NAME | "field."? FIELD
 * value     := WORD | QUOTED
 * </pre>
 *
 * Operator words are matched ignoring case (as Phraseanet does); quote a word to search it ({@code "et"}). A key is a
 * word followed by {@code :} with no space before it, or by a comparison with or without spaces; a space may follow
 * either. Dates of {@code created_on}/{@code updated_on} are checked here; field names and the values of fields are
 * checked by each engine against the structures searched, with the position of the condition.
 */
public final class QueryParser {
    private static final Map<String, NativeKey> NATIVE_KEYS = Map.ofEntries(
            Map.entry("database", NativeKey.DATABASE), Map.entry("collection", NativeKey.COLLECTION), Map.entry("type", NativeKey.TYPE),
            Map.entry("recordid", NativeKey.RECORD_ID), Map.entry("id", NativeKey.RECORD_ID), Map.entry("uuid", NativeKey.UUID),
            Map.entry("sha256", NativeKey.SHA256), Map.entry("created_on", NativeKey.CREATED_ON), Map.entry("created_at", NativeKey.CREATED_ON),
            Map.entry("updated_on", NativeKey.UPDATED_ON), Map.entry("updated_at", NativeKey.UPDATED_ON));

    private enum Kind { LPAREN, RPAREN, LBRACKET, COLON, COMPARE, WORD, QUOTED, END }

    private record Token(Kind kind, String text, int position, boolean spaceBefore) {}

    private final String query;
    private final List<Token> tokens;
    private int next;

    private QueryParser(String query) {
        this.query = query;
        this.tokens = lex(query);
    }

    /** Parse a query; an empty or blank query is {@link MatchAll}. */
    public static Query parse(String query) {
        QueryParser p = new QueryParser(query == null ? "" : query);
        if (p.peek().kind == Kind.END) return new MatchAll(1);
        Query q = p.except();
        Token t = p.peek();
        if (t.kind == Kind.RPAREN) throw p.error(t.position, "')' closes no '('. Remove it, or add the '(' it should close.");
        if (t.kind != Kind.END) throw p.error(t.position, "unexpected '" + t.text + "'.");
        return q;
    }

    // --- grammar

    private Query except() {
        Query left = or();
        while (isOperator(peek(), "except", "sauf")) {
            Token op = take();
            Query right = operandAfter(op, this::or);
            left = new Except(left, right, left.position());
        }
        return left;
    }

    private Query or() {
        List<Query> operands = new ArrayList<>(List.of(and()));
        while (isOperator(peek(), "or", "ou")) {
            Token op = take();
            operands.add(operandAfter(op, this::and));
        }
        return operands.size() == 1 ? operands.get(0) : new Or(operands, operands.get(0).position());
    }

    private Query and() {
        List<Query> operands = new ArrayList<>(List.of(operand()));
        while (true) {
            Token t = peek();
            if (isOperator(t, "and", "et")) {
                take();
                operands.add(operandAfter(t, this::operand));
            } else if (t.kind == Kind.WORD && !isOperator(t, "or", "ou", "except", "sauf") || t.kind == Kind.QUOTED || t.kind == Kind.LPAREN) {
                operands.add(operand());
            } else {
                break;
            }
        }
        return operands.size() == 1 ? operands.get(0) : new And(operands, operands.get(0).position());
    }

    private Query operandAfter(Token operator, java.util.function.Supplier<Query> rule) {
        Token t = peek();
        if (t.kind == Kind.END || t.kind == Kind.RPAREN || isOperator(t, "and", "et", "or", "ou", "except", "sauf"))
            throw error(t.kind == Kind.END ? operator.position : t.position, "'" + operator.text + "' at position " + operator.position
                    + " needs a query on its right. Put words after it, or quote it (\"" + operator.text.toLowerCase(Locale.ROOT)
                    + "\") to search the word itself.");
        return rule.get();
    }

    private Query operand() {
        Token t = peek();
        switch (t.kind) {
            case LPAREN -> {
                take();
                if (peek().kind == Kind.RPAREN) throw error(t.position, "'(' at position " + t.position + " holds nothing: put a query inside, or remove the parentheses.");
                if (peek().kind == Kind.END) throw unclosed(t);
                Query inner = except();
                Token close = peek();
                if (close.kind != Kind.RPAREN) {
                    if (close.kind == Kind.END) throw unclosed(t);
                    throw error(close.position, "unexpected '" + close.text + "'.");
                }
                take();
                return inner;
            }
            case QUOTED -> {
                take();
                if (t.text.isBlank()) throw error(t.position, "empty quotes: put words between them, or remove them.");
                return new Text(t.text, true, t.position);
            }
            case WORD -> {
                if (isOperator(t, "and", "et", "or", "ou", "except", "sauf"))
                    throw error(t.position, "'" + t.text + "' needs a query on its left. Put words before it, or quote it (\""
                            + t.text.toLowerCase(Locale.ROOT) + "\") to search the word itself.");
                Token after = peekAt(1);
                if (after.kind == Kind.COLON && !after.spaceBefore || after.kind == Kind.COMPARE) return condition();
                take();
                if (t.text.equals("*")) return new MatchAll(t.position);
                return new Text(t.text, false, t.position);
            }
            case RPAREN -> throw error(t.position, "')' closes no '('. Remove it, or add the '(' it should close.");
            case LBRACKET -> throw error(t.position, "thesaurus terms [between brackets] are not searchable yet: remove the brackets.");
            case COLON, COMPARE -> throw error(t.position, "'" + t.text + "' needs a field name before it, e.g. Keywords" + t.text + "value.");
            case END -> throw error(Math.max(1, t.position), "the query ends where a word was expected.");
            default -> throw new IllegalStateException(t.kind.toString());
        }
    }

    private Query condition() {
        Token keyToken = take();
        Token op = take();
        Operator operator = op.kind == Kind.COLON ? Operator.CONTAINS : switch (op.text) {
            case "=" -> Operator.EQUALS;
            case "<" -> Operator.LESS;
            case "<=", "≤" -> Operator.LESS_OR_EQUAL;
            case ">" -> Operator.GREATER;
            case ">=", "≥" -> Operator.GREATER_OR_EQUAL;
            default -> throw new IllegalStateException(op.text);
        };
        Token value = peek();
        if (value.kind != Kind.WORD && value.kind != Kind.QUOTED)
            throw error(value.kind == Kind.END ? op.position + op.text.length() : value.position,
                    "'" + keyToken.text + op.text + "' needs a value after it, e.g. " + keyToken.text + op.text + "value.");
        take();
        if (value.kind == Kind.QUOTED && value.text.isBlank()) throw error(value.position, "empty quotes: put a value between them.");
        String word = keyToken.text;
        String lower = word.toLowerCase(Locale.ROOT);
        int at = keyToken.position;
        if (lower.startsWith("flag.")) {
            String name = word.substring(5);
            if (name.isEmpty()) throw error(at, "'flag.' needs a status name, e.g. flag.Online:true.");
            if (operator != Operator.CONTAINS && operator != Operator.EQUALS)
                throw error(op.position, "a flag is true or false: write " + word + ":true or " + word + ":false.");
            String v = value.text.toLowerCase(Locale.ROOT);
            if (!List.of("true", "false", "1", "0").contains(v))
                throw error(value.position, word + " is true or false, found '" + value.text + "'.");
            return new Flag(name, v.equals("true") || v.equals("1"), at);
        }
        Key key;
        if (lower.startsWith("meta.") || lower.startsWith("exif.")) {
            key = new MetaKey(named(word.substring(5), at, word));
        } else if (lower.startsWith("field.")) {
            key = new FieldKey(named(word.substring(6), at, word));
        } else if (NATIVE_KEYS.containsKey(lower)) {
            NativeKey n = NATIVE_KEYS.get(lower);
            key = n;
            if (operator.isRange() && !n.isDate() && n != NativeKey.RECORD_ID)
                throw error(op.position, n.word + " compares with : or =, not " + op.text + ".");
            if (n.isDate() && DateRange.parse(value.text).isEmpty())
                throw error(value.position, "'" + value.text + "' is not a date: use " + DateRange.SHAPES + ".");
            if (n == NativeKey.RECORD_ID && !value.text.matches("\\d{1,18}"))
                throw error(value.position, "'" + value.text + "' is not a record id: use a number, e.g. recordid:42.");
        } else {
            key = new FieldKey(word);
        }
        return new Condition(key, operator, value.text, value.kind == Kind.QUOTED, at);
    }

    private String named(String name, int at, String word) {
        if (name.isEmpty()) throw error(at, "'" + word + "' needs a name after the dot.");
        return name;
    }

    // --- tokens

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind != Kind.END) next++;
        return t;
    }

    private static boolean isOperator(Token t, String... words) {
        if (t.kind != Kind.WORD) return false;
        for (String w : words) if (t.text.equalsIgnoreCase(w)) return true;
        return false;
    }

    private QuerySyntaxException unclosed(Token open) {
        return error(open.position, "'(' at position " + open.position + " is never closed. Add a ')' where it should end.");
    }

    private QuerySyntaxException error(int position, String problem) {
        return new QuerySyntaxException(query, position, problem);
    }

    private List<Token> lex(String q) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        boolean space = false;
        while (i < q.length()) {
            char c = q.charAt(i);
            int pos = i + 1;
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            switch (c) {
                case '(' -> { out.add(new Token(Kind.LPAREN, "(", pos, space)); i++; }
                case ')' -> { out.add(new Token(Kind.RPAREN, ")", pos, space)); i++; }
                case '[', ']' -> { out.add(new Token(Kind.LBRACKET, String.valueOf(c), pos, space)); i++; }
                case ':' -> { out.add(new Token(Kind.COLON, ":", pos, space)); i++; }
                case '=', '≤', '≥' -> { out.add(new Token(Kind.COMPARE, String.valueOf(c), pos, space)); i++; }
                case '<', '>' -> {
                    boolean orEqual = i + 1 < q.length() && q.charAt(i + 1) == '=';
                    out.add(new Token(Kind.COMPARE, orEqual ? c + "=" : String.valueOf(c), pos, space));
                    i += orEqual ? 2 : 1;
                }
                case '"' -> {
                    int end = q.indexOf('"', i + 1);
                    if (end < 0) throw new QuerySyntaxException(q, pos, "the quote at position " + pos + " is never closed. Add the closing \".");
                    out.add(new Token(Kind.QUOTED, q.substring(i + 1, end), pos, space));
                    i = end + 1;
                }
                default -> {
                    int start = i;
                    while (i < q.length() && !Character.isWhitespace(q.charAt(i)) && "()[]:<>=≤≥\"".indexOf(q.charAt(i)) < 0) i++;
                    out.add(new Token(Kind.WORD, q.substring(start, i), pos, space));
                }
            }
            space = false;
        }
        out.add(new Token(Kind.END, "", q.length() + 1, space));
        return out;
    }
}
