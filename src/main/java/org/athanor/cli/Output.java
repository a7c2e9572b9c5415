package org.athanor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Text;

/** Prints tables and JSON the same way in every command. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    /** Check a --format value: text or json. */
    static boolean json(String format) {
        if (format == null || format.equals("text")) return false;
        if (format.equals("json")) return true;
        throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--format " + format + ": use text or json");
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AthanorException(ErrorCode.INTERNAL, "could not write JSON: " + e.getOriginalMessage(), e);
        }
        out.flush();
    }

    /**
     * Return {@code text} for the terminal with its line breaks kept and every other control character escaped
     * ({@link Text#forTerminal}): for messages written on several lines on purpose.
     */
    static String lines(String text) {
        if (text == null) return "null";
        String[] parts = text.split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) b.append('\n');
            b.append(Text.forTerminal(parts[i]));
        }
        return b.toString();
    }

    /** Print rows under a header, columns aligned; every cell is escaped for the terminal ({@link Text#forTerminal}). */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        for (List<String> r : rows) all.add(r.stream().map(c -> c == null ? null : Text.forTerminal(c)).toList());
        int[] w = new int[header.size()];
        for (List<String> r : all) for (int i = 0; i < r.size(); i++) w[i] = Math.max(w[i], r.get(i) == null ? 0 : r.get(i).length());
        for (List<String> r : all) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i) == null ? "" : r.get(i);
                b.append(i == r.size() - 1 ? cell : String.format("%-" + (w[i] + 2) + "s", cell));
            }
            out.println(b.toString().stripTrailing());
        }
        out.flush();
    }
}
