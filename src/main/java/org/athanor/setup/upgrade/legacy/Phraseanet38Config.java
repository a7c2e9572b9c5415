package org.athanor.setup.upgrade.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.athanor.config.ConfigTemplate;
import org.athanor.config.LanguagesConfig;
import org.athanor.config.MainConfig;

/**
 * Phraseanet 3.8's {@code config/configuration.yml} turned into Athanor's: the appbox database, the data folder (the
 * databoxes' data root), binaries, server name, languages, key, maintenance and border manager; everything else of
 * the 3.8 file (cache, plugins, authentication providers…) has no Athanor counterpart and stays in the kept original.
 */
final class Phraseanet38Config {
    /** The 3.8 binaries Athanor knows under the same key. */
    static final List<String> BINARIES = List.of("ghostscript_binary", "ffmpeg_binary", "ffprobe_binary", "pdftotext_binary",
            "ffmpeg_timeout", "ffprobe_timeout", "gs_timeout");

    private Phraseanet38Config() {}

    /** The result: Athanor's file text, and what the administrator should know (e.g. a key that had to be replaced). */
    record Converted(String yaml, List<String> notes) {}

    /**
     * Convert a 3.8 configuration tree.
     *
     * @param dataRoot the data root of the databoxes (Athanor's {@code main.storage.data})
     */
    static Converted convert(JsonNode legacy, Path dataRoot) {
        List<String> notes = new ArrayList<>();
        JsonNode main = legacy.path("main");
        JsonNode db = main.path("database");
        String key = main.path("key").asText("");
        if (key.length() < MainConfig.MIN_KEY_LENGTH) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            key = HexFormat.of().formatHex(bytes);
            notes.add("main.key of Phraseanet 3.8 was shorter than " + MainConfig.MIN_KEY_LENGTH + " characters and was replaced: "
                    + "users whose 3.8 password was salted with it must set a new password (user:password or \"forgot password\").");
        }
        Map<String, String> v = new LinkedHashMap<>();
        String servername = main.path("servername").asText("");
        v.put("servername", servername.isBlank() ? "http://127.0.0.1:8080/" : servername);
        v.put("key", key);
        v.put("database.driver", "mariadb");
        v.put("database.path", null);
        v.put("database.host", db.path("host").asText("localhost"));
        v.put("database.port", Integer.toString(db.path("port").asInt(3306)));
        v.put("database.user", db.path("user").asText(""));
        v.put("database.password", db.path("password").asText(""));
        v.put("database.dbname", db.path("dbname").asText(""));
        v.put("storage.data", dataRoot.toString());
        v.put("http.host", "127.0.0.1");
        v.put("http.port", "8080");
        String yaml = ConfigTemplate.render(v);

        if (main.path("maintenance").asBoolean(false)) yaml = replaceLine(yaml, "    maintenance: false", "    maintenance: true");
        List<String> languages = new ArrayList<>();
        for (JsonNode l : main.path("languages")) {
            String code = l.asText("").toLowerCase(Locale.ROOT);
            code = code.length() >= 2 ? code.substring(0, 2) : code;
            if (LanguagesConfig.SUPPORTED.contains(code) && !languages.contains(code)) languages.add(code);
        }
        if (!languages.isEmpty()) {
            yaml = replaceLine(yaml, "    available: [fr, en]", "    available: [" + String.join(", ", languages) + "]");
            yaml = replaceLine(yaml, "    default: fr", "    default: " + languages.get(0));
        }
        JsonNode binaries = legacy.path("binaries");
        for (String b : BINARIES) {
            JsonNode value = binaries.path(b);
            if (value.isMissingNode() || value.isNull() || value.asText("").isBlank()) continue;
            Matcher m = Pattern.compile("(?m)^        " + Pattern.quote(b) + ": .*$").matcher(yaml);
            if (m.find()) {
                String scalar = value.isNumber() ? value.asText() : "'" + value.asText().replace("'", "''") + "'";
                yaml = yaml.substring(0, m.start()) + "        " + b + ": " + scalar + yaml.substring(m.end());
            }
        }
        JsonNode border = legacy.path("border-manager");
        if (border.isObject()) yaml = replaceBorderManager(yaml, border);
        return new Converted(yaml, notes);
    }

    private static String replaceLine(String yaml, String line, String with) {
        int at = yaml.indexOf("\n" + line + "\n");
        if (at < 0) throw new IllegalStateException("configuration template lacks the line '" + line + "'");
        return yaml.substring(0, at + 1) + with + yaml.substring(at + 1 + line.length());
    }

    /** Put the 3.8 border-manager section (enabled, extension-mapping, checkers) in place of the template's. */
    private static String replaceBorderManager(String yaml, JsonNode border) {
        int start = yaml.indexOf("\nborder-manager:\n");
        int end = yaml.indexOf("\nhttp:\n");
        if (start < 0 || end < start) throw new IllegalStateException("configuration template lacks the border-manager section");
        Map<String, Object> section = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        section.put("enabled", border.path("enabled").asBoolean(true));
        String template = yaml.substring(start, end);
        Matcher maxPixels = Pattern.compile("max-pixels: (\\d+)").matcher(template);
        if (maxPixels.find()) section.put("max-pixels", Long.parseLong(maxPixels.group(1)));
        section.put("extension-mapping", json.convertValue(border.path("extension-mapping").isObject()
                ? border.path("extension-mapping") : json.createObjectNode(), Map.class));
        section.put("checkers", json.convertValue(border.path("checkers").isArray() ? border.path("checkers") : json.createArrayNode(), List.class));
        try {
            ObjectMapper out = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));
            String text = out.writeValueAsString(Map.of("border-manager", section));
            return yaml.substring(0, start + 1) + text.stripTrailing() + yaml.substring(end);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
