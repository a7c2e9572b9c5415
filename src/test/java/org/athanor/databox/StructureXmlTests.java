package org.athanor.databox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.athanor.core.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Phraseanet structure XML")
class StructureXmlTests {

    @Nested
    @DisplayName("is read safely")
    class Safely {
        @Test
        @DisplayName("an external entity pointing to a local file is refused, and nothing of the file leaks")
        void externalEntityIsRefused(@TempDir Path dir) throws Exception {
            Path secret = dir.resolve("secret.txt");
            Files.writeString(secret, "TOP-SECRET-CONTENT");
            String xml = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!DOCTYPE record [ <!ENTITY xxe SYSTEM "%s"> ]>
                    <record><description><Title src="XMP-dc:Title"><label lang="en">&xxe;</label></Title></description></record>
                    """.formatted(secret.toUri());

            assertThatThrownBy(() -> parse(xml))
                    .isInstanceOf(StructureException.class)
                    .hasMessage("test.xml: a DOCTYPE declaration was found at line 2; structure XML may not declare a DTD"
                            + " or entities (refused for safety). Remove the <!DOCTYPE ...> declaration and try again.")
                    .hasMessageNotContaining("TOP-SECRET")
                    .satisfies(e -> assertThat(((StructureException) e).code()).isEqualTo(ErrorCode.STRUCTURE_INVALID));
        }

        @Test
        @DisplayName("any DOCTYPE is refused, even without entities")
        void doctypeIsRefused() {
            String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE record SYSTEM \"http://example.invalid/record.dtd\">\n<record/>";

            assertThatThrownBy(() -> parse(xml))
                    .isInstanceOf(StructureException.class)
                    .hasMessageStartingWith("test.xml: a DOCTYPE declaration was found at line 2;");
        }

        @Test
        @DisplayName("a document over 2 MiB is refused before parsing")
        void sizeLimit() {
            byte[] big = new byte[StructureXml.MAX_BYTES + 1];
            java.util.Arrays.fill(big, (byte) ' ');

            assertThatThrownBy(() -> StructureXml.parse(new ByteArrayInputStream(big), "big.xml"))
                    .isInstanceOf(StructureException.class)
                    .hasMessageStartingWith("big.xml: the structure XML is larger than 2 MiB (2097152 bytes)");
        }

        @Test
        @DisplayName("malformed XML is refused with line and column")
        void malformed() {
            assertThatThrownBy(() -> parse("<record>\n<description>\n</record>"))
                    .isInstanceOf(StructureException.class)
                    .hasMessageStartingWith("test.xml: not well-formed XML at line 3, column");
        }

        @Test
        @DisplayName("a root other than <record> is refused")
        void wrongRoot() {
            assertThatThrownBy(() -> parse("<structure/>"))
                    .hasMessage("test.xml: the root element is <structure>; expected <record> (a Phraseanet databox structure)");
        }
    }

    @Nested
    @DisplayName("refuses an invalid structure, saying where and what is expected")
    class Invalid {
        @Test
        @DisplayName("a subdef size outside 16..10000")
        void invalidSubdefSize() {
            String xml = """
                    <record><subdefs><subdefgroup name="image">
                      <subdef class="preview" name="preview" downloadable="true"><size>8</size><mediatype>image</mediatype></subdef>
                    </subdefgroup></subdefs></record>""";

            assertThatThrownBy(() -> parse(xml))
                    .isInstanceOf(StructureException.class)
                    .hasMessage("test.xml: subdef 'image/preview': size 8 px is outside 16..10000");
        }

        @Test
        @DisplayName("a subdef size that is not a number")
        void nonNumericSize() {
            String xml = """
                    <record><subdefs><subdefgroup name="video">
                      <subdef class="preview" name="preview"><size>big</size><mediatype>video</mediatype></subdef>
                    </subdefgroup></subdefs></record>""";

            assertThatThrownBy(() -> parse(xml))
                    .hasMessage("test.xml: subdef 'video/preview': <size>big</size> is invalid; expected a whole number");
        }

        @Test
        @DisplayName("a subdef flag that is neither yes nor no names the file and the subdef once")
        void invalidSubdefFlag() {
            String xml = """
                    <record><subdefs><subdefgroup name="image">
                      <subdef class="preview" name="preview" downloadable="maybe"><size>800</size><mediatype>image</mediatype></subdef>
                    </subdefgroup></subdefs></record>""";

            assertThatThrownBy(() -> parse(xml))
                    .isInstanceOf(StructureException.class)
                    .hasMessageStartingWith("test.xml: subdef 'image/preview': ")
                    .hasMessageContaining("maybe")
                    .satisfies(e -> assertThat(e.getMessage().split("test.xml", -1)).as("the file is named once").hasSize(2));
        }

        @Test
        @DisplayName("a subdef group that is not a record type")
        void unknownGroup() {
            assertThatThrownBy(() -> parse("<record><subdefs><subdefgroup name=\"pictures\"/></subdefs></record>"))
                    .hasMessage("test.xml: <subdefgroup name=\"pictures\"> is not a type group;"
                            + " expected one of image, video, audio, document, flash");
        }

        @Test
        @DisplayName("a field name used twice, ignoring case")
        void duplicateFieldName() {
            String xml = """
                    <record><description>
                      <Keywords src="IPTC:Keywords" multi="1"/>
                      <keywords src="XMP-dc:Subject"/>
                    </description></record>""";

            assertThatThrownBy(() -> parse(xml))
                    .isInstanceOf(StructureException.class)
                    .hasMessage("test.xml: field name 'keywords' is used twice (also as 'Keywords');"
                            + " field names must be unique, ignoring case");
        }

        @Test
        @DisplayName("a field type Phraseanet does not know")
        void unknownFieldType() {
            assertThatThrownBy(() -> parse("<record><description><Price type=\"money\"/></description></record>"))
                    .hasMessage("test.xml: <description>/<Price>: field type 'money' is unknown;"
                            + " expected one of string, text, date, number");
        }

        @Test
        @DisplayName("a flag that is neither 1 nor 0")
        void invalidFlag() {
            assertThatThrownBy(() -> parse("<record><description><Title multi=\"maybe\"/></description></record>"))
                    .hasMessage("test.xml: <description>/<Title>: multi=\"maybe\" is invalid; expected 1 or 0");
        }

        @Test
        @DisplayName("a field source that is not a metadata tag")
        void invalidSrc() {
            assertThatThrownBy(() -> parse("<record><description><Title src=\"title\"/></description></record>"))
                    .hasMessage("test.xml: field 'Title': src 'title' is invalid: expected a metadata tag 'Group:Tag'"
                            + " such as 'IPTC:Keywords', 'XMP-dc:Title' or 'Phraseanet:tf-basename', or nothing");
        }

        @Test
        @DisplayName("a status bit below 4")
        void reservedBit() {
            assertThatThrownBy(() -> parse("<record><statbits><bit n=\"2\">Two</bit></statbits></record>"))
                    .hasMessage("test.xml: status bit 2 is outside 4..31; bits 0 to 3 are reserved by Phraseanet");
        }
    }

    @Nested
    @DisplayName("reads Phraseanet's attributes")
    class Attributes {
        @Test
        @DisplayName("all field attributes and labels; report and unknown attributes are ignored")
        void fieldAttributes() {
            Structure s = parse("""
                    <record><description>
                      <Subject src="XMP-dc:Subject" type="text" multi="1" readonly="0" required="1" business="1" index="0"
                               aggregable="10" thumbtitle="fr" separator=" | " tbranch="/thesaurus/te[@id='T1']"
                               dces-element="subject" report="1" meta_id="7">
                        <label lang="fr">Sujet</label><label lang="en">Subject</label>
                      </Subject>
                      <Date dces="Date" type="date"/>
                    </description></record>""");

            assertThat(s.fields()).containsExactly(
                    new StructureField("Subject", "XMP-dc:Subject", FieldType.TEXT, true, false, true, true, false, 10,
                            "fr", " | ", "/thesaurus/te[@id='T1']", "Subject", Map.of("fr", "Sujet", "en", "Subject"), 0),
                    new StructureField("Date", "", FieldType.DATE, false, false, false, false, true, 0, null, ";", null,
                            "Date", Map.of(), 1));
        }
    }

    @Test
    @DisplayName("write then parse gives the same structure, including escaped text and options")
    void roundTrip() {
        Structure structure = new Structure(
                List.of(new StructureField("Notes", "", FieldType.TEXT, false, false, false, true, true, -1, "1", ";",
                                null, "Description", Map.of("en", "Notes & \"quotes\" <here>", "nl", "Notities"), 1),
                        new StructureField("Tags", "IPTC:Keywords", FieldType.STRING, true, false, false, false, true, 0,
                                null, ",", null, null, Map.of(), 0)),
                List.of(new SubdefSpec(RecordType.VIDEO, "preview", SubdefClass.PREVIEW, "video", true, 748, null, 96,
                                null, false, null, List.of("screen", "handheld"),
                                Map.of("bitrate", "1000", "resolution", "72", "writeDatas", "yes"), Map.of("de", "Vorschau")),
                        new SubdefSpec(RecordType.IMAGE, "thumbnail", SubdefClass.THUMBNAIL, "image", false, 240, 75,
                                null, true, null, "resample", List.of(), Map.of(), Map.of())),
                List.of(new StatusBit(9, "Public", "Private", Map.of("fr", "Publique"), true, true),
                        new StatusBit(4, "Online", "", Map.of(), false, false)));

        String xml = StructureXml.write(structure);

        assertThat(parse(xml)).isEqualTo(structure);
        assertThat(xml).contains("<Notes src=\"\" type=\"text\" business=\"1\" aggregable=\"-1\" thumbtitle=\"1\""
                + " dces-element=\"Description\">");
        assertThat(xml).contains("<label lang=\"en\">Notes &amp; &quot;quotes&quot; &lt;here&gt;</label>");
    }

    private static Structure parse(String xml) {
        return StructureXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
    }
}
