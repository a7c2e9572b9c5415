package org.athanor.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.athanor.core.ErrorCode;

/**
 * A YAML text read into a small tree that remembers where every key and value sits.
 *
 * <p>Jackson's tree model forgets locations, so the tree is built here from the tokens of
 * {@link YAMLParser}: each token's start and end come from the parser's token location and current
 * location. Offsets are {@code char} indexes into the text, so {@link ConfigWriter} can replace one
 * scalar and leave every other character of the file as it was.
 */
final class YamlDocument {

    /** Where a node sits: 1-based line and column of its start, and char offsets of its start and end. */
    record Location(int line, int column, int start, int end) {
        static final Location START = new Location(1, 1, 0, 0);
    }

    /** A node of the tree. */
    sealed interface Node permits Mapping, Sequence, Scalar {
        Location location();

        /** Return the char offset just after the last character of this node's content. */
        int contentEnd();
    }

    /** One {@code key: value} pair of a mapping. */
    record Entry(String key, Location keyLocation, Node value) {}

    /** A mapping; {@code flow} when written {@code {a: 1}}. Entries keep the order of the file. */
    record Mapping(Location location, Map<String, Entry> entries, boolean flow, int contentEnd) implements Node {}

    /** A list; {@code flow} when written {@code [a, b]}. */
    record Sequence(Location location, List<Node> items, boolean flow, int contentEnd) implements Node {}

    /** A scalar: a string, number, boolean or null, with the token Jackson gave it and its text. */
    record Scalar(Location location, JsonToken token, String text) implements Node {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        @Override
        public int contentEnd() {
            return location.end();
        }
    }

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String text;
    private final String fileLabel;
    private final int[] charOffsets;   // code point index -> char index, or null when they are equal
    private YAMLParser parser;

    private YamlDocument(String text, String fileLabel) {
        this.text = text;
        this.fileLabel = fileLabel;
        this.charOffsets = text.length() == text.codePointCount(0, text.length()) ? null : codePointToChar(text);
    }

    /**
     * Parse {@code text} whose root must be a mapping.
     *
     * @param fileLabel the file name used in error messages
     * @throws ConfigException on a syntax error, an empty text, a root that is not a mapping, or a duplicate key
     */
    static Mapping parse(String text, String fileLabel) {
        return new YamlDocument(text, fileLabel).parseRoot();
    }

    private Mapping parseRoot() {
        try (YAMLParser p = (YAMLParser) FACTORY.createParser(text)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ConfigException(fileLabel + ":1:1: the file is empty. "
                        + "Start from config/samples/configuration.sample.yml or run bin/setup system:install.");
            }
            if (first != JsonToken.START_OBJECT) {
                Location at = here();
                throw new ConfigException(fileLabel + ":" + at.line() + ":" + at.column()
                        + ": expected a mapping of keys at the top of the file (e.g. servername: ..., main: ...), found "
                        + (first == JsonToken.START_ARRAY ? "a list" : "a single value") + ".");
            }
            return readMapping("");
        } catch (MarkedYAMLException e) {
            throw syntaxError(e);
        } catch (IOException e) {
            if (e.getCause() instanceof MarkedYAMLException m) throw syntaxError(m);
            throw new ConfigException(ErrorCode.CONFIG_INVALID,
                    fileLabel + ": cannot be read as YAML: " + e.getMessage(), e);
        }
    }

    private Mapping readMapping(String path) throws IOException {
        Location start = here();
        boolean flow = charAt(start.start()) == '{';
        Map<String, Entry> entries = new LinkedHashMap<>();
        int contentEnd = start.start();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.getText();
            Location keyLocation = here();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            parser.nextToken();
            Node value = readValue(keyPath);
            Entry previous = entries.get(key);
            if (previous != null) {
                throw new ConfigException(fileLabel + ":" + keyLocation.line() + ":" + keyLocation.column() + ": " + keyPath
                        + ": duplicate key; it is already set on line " + previous.keyLocation().line() + ". Keep only one.");
            }
            entries.put(key, new Entry(key, keyLocation, value));
            contentEnd = Math.max(keyLocation.end(), value.contentEnd());
        }
        if (flow) contentEnd = here().end();
        return new Mapping(start, Collections.unmodifiableMap(entries), flow, contentEnd);
    }

    private Sequence readSequence(String path) throws IOException {
        Location start = here();
        boolean flow = charAt(start.start()) == '[';
        List<Node> items = new ArrayList<>();
        int contentEnd = start.end();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            Node item = readValue(path + "[" + items.size() + "]");
            items.add(item);
            contentEnd = item.contentEnd();
        }
        if (flow) contentEnd = here().end();
        return new Sequence(start, List.copyOf(items), flow, contentEnd);
    }

    private Node readValue(String path) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.START_OBJECT) return readMapping(path);
        if (t == JsonToken.START_ARRAY) return readSequence(path);
        return new Scalar(here(), t, t == JsonToken.VALUE_NULL && here().start() == here().end() ? "" : parser.getText());
    }

    private Location here() {
        JsonLocation s = parser.currentTokenLocation();
        JsonLocation e = parser.currentLocation();
        return new Location(s.getLineNr(), s.getColumnNr(), toChar(s.getCharOffset()), toChar(e.getCharOffset()));
    }

    private ConfigException syntaxError(MarkedYAMLException e) {
        var mark = e.getProblemMark();
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        String problem = e.getProblem() == null ? "" : e.getProblem().trim();
        String context = e.getContext() == null ? "" : e.getContext().trim();
        var contextMark = e.getContextMark();
        String where = contextMark == null ? "" : "line " + (contextMark.getLine() + 1) + ", column " + (contextMark.getColumn() + 1);
        String reason;
        if (problem.startsWith("mapping values are not allowed")) {
            reason = "a ':' followed by a space is not allowed here. Put quotes around a value that contains ': ', "
                    + "or check that the key is on its own line";
        } else if (problem.contains("(TAB)")) {
            reason = "a tab character. YAML indents with spaces only; replace the tab with spaces";
        } else if (problem.startsWith("expected <block end>")) {
            reason = "this line's indentation does not match the lines above it"
                    + (where.isEmpty() ? "" : " (the block starts at " + where + ")")
                    + ". Indent keys of the same level with the same number of spaces";
        } else if (context.contains("quoted scalar")) {
            reason = "a quoted value" + (where.isEmpty() ? "" : " that starts at " + where)
                    + " is never closed. Add the closing quote";
        } else {
            reason = problem + (context.isEmpty() ? "" : " (" + context + (where.isEmpty() ? "" : " at " + where) + ")")
                    + ". Check the indentation (spaces only) and quote values that contain ': ' or ' #'";
        }
        return new ConfigException(ErrorCode.CONFIG_INVALID,
                fileLabel + ":" + line + ":" + column + ": malformed YAML: " + reason + ".", e);
    }

    private char charAt(int offset) {
        return offset >= 0 && offset < text.length() ? text.charAt(offset) : '\0';
    }

    private int toChar(long codePointOffset) {
        if (codePointOffset < 0) return 0;
        if (charOffsets == null) return (int) Math.min(codePointOffset, text.length());
        return charOffsets[(int) Math.min(codePointOffset, charOffsets.length - 1)];
    }

    private static int[] codePointToChar(String text) {
        int[] offsets = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) offsets[cp++] = i;
        offsets[cp] = text.length();
        return offsets;
    }
}
