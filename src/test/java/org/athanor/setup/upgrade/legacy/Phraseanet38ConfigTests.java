package org.athanor.setup.upgrade.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Phraseanet 3.8's configuration.yml becomes Athanor's")
class Phraseanet38ConfigTests {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode legacy(String key, String languages, boolean maintenance) throws Exception {
        String text = Phraseanet388Fixture.readResource(PhraseanetSchema.RESOURCES + "lib-conf.d-configuration.yml")
                .replace("key: ''", "key: '" + key + "'")
                .replace("languages: []", "languages: " + languages)
                .replace("maintenance: false", "maintenance: " + maintenance)
                .replace("ffprobe_binary: null", "ffprobe_binary: /opt/ffmpeg/bin/ffprobe")
                .replace("gs_timeout: 60", "gs_timeout: 90")
                .replace("type: Checker\\Dimension\n            enabled: false", "type: Checker\\Dimension\n            enabled: true");
        return YAML.readTree(text);
    }

    @Test void databaseDataFolderBinariesLanguagesMaintenanceAndBorderManagerAreCarriedOver(@TempDir Path dir) throws Exception {
        Phraseanet38Config.Converted c = Phraseanet38Config.convert(legacy("b2a8f0e1c7d94e3aa1f2c3d4e5f60718", "[en_GB, de_DE, ar_SA]", true),
                dir.resolve("datas"));
        Path file = dir.resolve("config/configuration.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, c.yaml());
        AthanorConfig config = ConfigLoader.load(file);

        assertThat(c.notes()).isEmpty();
        assertThat(config.servername()).isEqualTo("http://local.phrasea/");
        assertThat(config.main().key()).isEqualTo("b2a8f0e1c7d94e3aa1f2c3d4e5f60718");
        assertThat(config.main().maintenance()).isTrue();
        assertThat(config.main().database().host()).isEqualTo("sql-host");
        assertThat(config.main().database().dbname()).isEqualTo("ab_phraseanet");
        assertThat(config.main().storage().data()).isEqualTo(dir.resolve("datas"));
        assertThat(config.languages().available()).containsExactly("en", "de");
        assertThat(config.languages().defaultLanguage()).isEqualTo("en");
        assertThat(c.yaml()).contains("ffprobe_binary: '/opt/ffmpeg/bin/ffprobe'").contains("gs_timeout: 90");
        assertThat(c.yaml()).contains("max-pixels: 250000000");
        assertThat(config.borderManager().checkers()).hasSize(7)
                .filteredOn(ch -> ch.type().toString().toLowerCase(java.util.Locale.ROOT).contains("dimension"))
                .singleElement().satisfies(ch -> {
                    assertThat(ch.enabled()).isTrue();
                    assertThat(ch.width()).isEqualTo(80);
                    assertThat(ch.height()).isEqualTo(160);
                });
    }

    @Test void aKeyTooShortForAthanorIsReplacedAndTheNoteSaysWhoMustResetTheirPassword(@TempDir Path dir) throws Exception {
        Phraseanet38Config.Converted c = Phraseanet38Config.convert(legacy("short", "[]", false), dir);
        assertThat(c.notes()).singleElement().asString()
                .contains("main.key of Phraseanet 3.8 was shorter than 32 characters and was replaced")
                .contains("must set a new password");
        assertThat(c.yaml()).doesNotContain("key: 'short'").contains("maintenance: false").contains("available: [fr, en]");
    }
}
