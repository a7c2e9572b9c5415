package org.athanor.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

@DisplayName("Parsing XML from outside")
class SafeXmlTests {
    @Test @DisplayName("reads a plain document, from a string or a stream")
    void readsAPlainDocument() throws Exception {
        Document d = SafeXml.parse("<tasksettings><period>10</period></tasksettings>");
        assertThat(d.getDocumentElement().getTagName()).isEqualTo("tasksettings");
        Document s = SafeXml.parse(new ByteArrayInputStream("<record>é</record>".getBytes(StandardCharsets.UTF_8)));
        assertThat(s.getDocumentElement().getTextContent()).isEqualTo("é");
    }

    @Test @DisplayName("an external entity pointing to a local file is refused, and nothing of the file leaks (XXE)")
    void externalEntityIsRefused(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE record [ <!ENTITY xxe SYSTEM "%s"> ]>
                <record>&xxe;</record>
                """.formatted(secret.toUri());
        assertThatThrownBy(() -> SafeXml.parse(xml))
                .isInstanceOf(SAXException.class)
                .hasMessageNotContaining("TOP-SECRET")
                .satisfies(e -> assertThat(SafeXml.isDoctypeRefused((SAXException) e)).isTrue());
    }

    @Test @DisplayName("entity expansion (billion laughs) never starts: the DOCTYPE is refused first")
    void entityExpansionIsRefused() {
        String xml = """
                <!DOCTYPE lolz [ <!ENTITY lol "lol"> <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"> ]>
                <lolz>&lol2;</lolz>""";
        assertThatThrownBy(() -> SafeXml.parse(xml)).isInstanceOf(SAXException.class)
                .satisfies(e -> assertThat(SafeXml.isDoctypeRefused((SAXException) e)).isTrue());
    }

    @Test @DisplayName("malformed XML is an error that is not taken for a DOCTYPE refusal")
    void malformedIsNotADoctype() {
        assertThatThrownBy(() -> SafeXml.parse("<record><open></record>")).isInstanceOf(SAXException.class)
                .satisfies(e -> assertThat(SafeXml.isDoctypeRefused((SAXException) e)).isFalse());
    }
}
