package org.athanor.setup.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.athanor.core.ReleaseVersion;

/** The configuration changes of Athanor's releases, oldest first. */
final class ConfigMigrations {
    private ConfigMigrations() {}

    /**
     * 4.0.0-alpha.2 added the {@code border-manager} section (checks at ingest); alpha.1's files lack it and get the
     * section of the template, with its defaults (the loader's defaults too, so nothing changes in behaviour: the options
     * become visible and editable).
     */
    static final ConfigMigration ADD_BORDER_MANAGER = new ConfigMigration() {
        private static final Pattern TOP_KEY = Pattern.compile("(?m)^border-manager\\s*:");

        @Override public ReleaseVersion introducedIn() { return Releases.ALPHA_2.version(); }

        @Override public String description() { return "add the border-manager section (ingest checks) with its defaults"; }

        @Override public boolean isApplied(String yaml) { return TOP_KEY.matcher(yaml).find(); }

        @Override public String apply(String yaml) {
            if (isApplied(yaml)) return yaml;
            String section = templateSection("border-manager");
            String base = yaml.endsWith("\n") ? yaml : yaml + "\n";
            return base + section;
        }
    };

    /** Every configuration change of Athanor's releases, oldest first. */
    static final List<ConfigMigration> ATHANOR = List.of(ADD_BORDER_MANAGER);

    /** Return the top-level section {@code key} of the configuration template, up to the next top-level key. */
    static String templateSection(String key) {
        String template;
        try (InputStream in = ConfigMigrations.class.getResourceAsStream("/org/athanor/config/configuration.template.yml")) {
            if (in == null) throw new IllegalStateException("configuration.template.yml is missing from the classpath: rebuild Athanor");
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = Pattern.compile("(?ms)^" + Pattern.quote(key) + "\\s*:.*?(?=^[A-Za-z][^\\n]*:|\\z)").matcher(template);
        if (!m.find()) throw new IllegalStateException("configuration.template.yml has no top-level '" + key + "' section");
        String s = m.group();
        return s.endsWith("\n") ? s : s + "\n";
    }
}
