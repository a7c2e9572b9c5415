package org.athanor.databox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Phraseanet 4.0 structure templates")
class StructureTemplateTests {

    @ParameterizedTest(name = "{0} loads, and writing then parsing it gives it back")
    @EnumSource(StructureTemplate.class)
    void everyTemplateLoadsAndRoundTrips(StructureTemplate template) {
        Structure structure = template.load();

        assertThat(structure.fields()).isNotEmpty();
        assertThat(StructureXml.parse(
                new ByteArrayInputStream(StructureXml.write(structure).getBytes(StandardCharsets.UTF_8)),
                "written " + template.templateName())).isEqualTo(structure);
    }

    @Nested
    @DisplayName("en-simple")
    class EnSimple {
        private final Structure structure = StructureTemplate.EN_SIMPLE.load();

        @Test
        @DisplayName("has 21 fields in Phraseanet's order, CameraModel read-only from IFD0:Model")
        void hasItsTwentyOneFields() {
            assertThat(structure.fields()).hasSize(21);
            assertThat(structure.fields().get(0).name()).isEqualTo("Object");
            assertThat(structure.fields().get(20).name()).isEqualTo("FileName");
            assertThat(structure.fields()).extracting(StructureField::position)
                    .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
            StructureField camera = structure.field("CameraModel").orElseThrow();
            assertThat(camera.src()).isEqualTo("IFD0:Model");
            assertThat(camera.readonly()).isTrue();
            assertThat(camera.multi()).isFalse();
            assertThat(camera.type()).isEqualTo(FieldType.STRING);
            assertThat(camera.indexable()).isTrue();
            assertThat(camera.separator()).isEqualTo(";");
        }

        @Test
        @DisplayName("Keywords is multi-valued, FileName comes from Phraseanet:tf-basename, Date is a date, Headline is the thumbnail title")
        void fieldAttributes() {
            assertThat(structure.field("Keywords").orElseThrow().multi()).isTrue();
            assertThat(structure.field("keywords")).as("lookup ignores case").isPresent();
            StructureField fileName = structure.field("FileName").orElseThrow();
            assertThat(fileName.src()).isEqualTo("Phraseanet:tf-basename");
            assertThat(fileName.readonly()).isTrue();
            assertThat(structure.field("Date").orElseThrow().type()).isEqualTo(FieldType.DATE);
            assertThat(structure.field("Headline").orElseThrow().thumbtitle()).isEqualTo("1");
            assertThat(structure.field("Longitude").orElseThrow().src()).isEqualTo("GPS:GPSLongitude");
        }

        @Test
        @DisplayName("image subdefs: preview 1024, thumbnail 240, preview_mobile and thumbnail_mobile")
        void imageSubdefs() {
            List<SubdefSpec> image = structure.subdefsOf(RecordType.IMAGE);
            assertThat(image).extracting(SubdefSpec::name)
                    .containsExactly("preview", "thumbnail", "preview_mobile", "thumbnail_mobile");
            SubdefSpec preview = image.get(0);
            assertThat(preview.subdefClass()).isEqualTo(SubdefClass.PREVIEW);
            assertThat(preview.size()).isEqualTo(1024);
            assertThat(preview.downloadable()).isTrue();
            assertThat(preview.method()).isEqualTo("resample");
            assertThat(preview.dpi()).isEqualTo(72);
            assertThat(preview.strip()).isFalse();
            assertThat(preview.meta()).isTrue();
            assertThat(preview.quality()).isEqualTo(75);
            assertThat(preview.devices()).containsExactly("screen");
            assertThat(preview.mediatype()).isEqualTo("image");
            assertThat(preview.labels()).containsExactly(Map.entry("fr", "Prévisualisation"), Map.entry("en", "Preview"));
            assertThat(preview.options()).isEmpty();
            assertThat(image.get(1).size()).isEqualTo(240);
            assertThat(image.get(1).subdefClass()).isEqualTo(SubdefClass.THUMBNAIL);
            SubdefSpec mobile = image.get(2);
            assertThat(mobile.size()).isEqualTo(480);
            assertThat(mobile.downloadable()).isFalse();
            assertThat(mobile.dpi()).as("from <resolution>").isEqualTo(72);
            assertThat(mobile.options()).containsExactly(Map.entry("resolution", "72"));
            assertThat(mobile.devices()).containsExactly("handheld");
        }

        @Test
        @DisplayName("video, audio, document and flash groups with their settings")
        void otherGroups() {
            assertThat(structure.subdefsOf(RecordType.VIDEO)).extracting(SubdefSpec::name)
                    .containsExactly("thumbnail", "thumbnailgif", "preview", "preview_webm");
            SubdefSpec video = structure.subdef(RecordType.VIDEO, "preview").orElseThrow();
            assertThat(video.mediatype()).isEqualTo("video");
            assertThat(video.meta()).as("from <writeDatas>").isTrue();
            assertThat(video.options()).containsEntry("acodec", "libmp3lame").containsEntry("vcodec", "libx264")
                    .containsEntry("bitrate", "1000").containsEntry("GOPsize", "25").containsEntry("fps", "25")
                    .containsEntry("audiobitrate", "128").containsEntry("audiosamplerate", "48000")
                    .containsEntry("writeDatas", "yes");
            assertThat(structure.subdef(RecordType.VIDEO, "thumbnailgif").orElseThrow().options())
                    .containsEntry("delay", "150");
            assertThat(structure.subdef(RecordType.VIDEO, "thumbnailgif").orElseThrow().mediatype()).isEqualTo("gif");
            assertThat(structure.subdefsOf(RecordType.AUDIO)).extracting(SubdefSpec::name)
                    .containsExactly("thumbnail", "preview", "preview_mobile");
            assertThat(structure.subdefsOf(RecordType.DOCUMENT)).extracting(SubdefSpec::mediatype)
                    .containsExactly("image", "pdf");
            assertThat(structure.subdefsOf(RecordType.FLASH)).extracting(SubdefSpec::size).containsExactly(240, 800);
            assertThat(structure.subdefsOf(RecordType.UNKNOWN)).isEmpty();
            assertThat(structure.subdefs()).hasSize(4 + 4 + 3 + 2 + 2);
        }

        @Test
        @DisplayName("status bit 4 is Online")
        void statusBitFourIsOnline() {
            assertThat(structure.statusBits()).containsExactly(new StatusBit(4, "Online", "", Map.of(), false, false));
        }
    }

    @Nested
    @DisplayName("fr-simple")
    class FrSimple {
        private final Structure structure = StructureTemplate.FR_SIMPLE.load();

        @Test
        @DisplayName("has the 21 fields of en-simple under French names, with the same subdefs")
        void frenchNames() {
            assertThat(structure.fields()).hasSize(21);
            assertThat(structure.field("MotsCles").orElseThrow().multi()).isTrue();
            assertThat(structure.field("MotsCles").orElseThrow().src()).isEqualTo("IPTC:Keywords");
            assertThat(structure.field("AppareilPhoto").orElseThrow().src()).isEqualTo("IFD0:Model");
            assertThat(structure.field("NomDeFichier").orElseThrow().readonly()).isTrue();
            assertThat(structure.subdefs()).isEqualTo(StructureTemplate.EN_SIMPLE.load().subdefs());
            assertThat(structure.statusBits()).extracting(StatusBit::labelOn).containsExactly("Online");
        }
    }

    @Nested
    @DisplayName("DublinCore")
    class DublinCore {
        private final Structure structure = StructureTemplate.DUBLIN_CORE.load();

        @Test
        @DisplayName("has 22 XMP-dc and technical fields, Comments a business field without source")
        void dublinCoreFields() {
            assertThat(structure.fields()).hasSize(22);
            assertThat(structure.field("Title").orElseThrow().src()).isEqualTo("XMP-dc:Title");
            assertThat(structure.field("Title").orElseThrow().thumbtitle()).isEqualTo("1");
            assertThat(structure.field("Subject").orElseThrow().multi()).isTrue();
            StructureField comments = structure.field("Comments").orElseThrow();
            assertThat(comments.src()).isEmpty();
            assertThat(comments.business()).isTrue();
            assertThat(structure.field("ArchiveDate").orElseThrow().type()).isEqualTo(FieldType.DATE);
            assertThat(structure.field("ArchiveDate").orElseThrow().src()).isEqualTo("Phraseanet:tf-archivedate");
        }

        @Test
        @DisplayName("status bit 4 has on and off names and its labels when set")
        void captionFilledBit() {
            assertThat(structure.statusBits()).containsExactly(new StatusBit(4, "Caption filled", "Caption not filled",
                    Map.of("de", "Gefüllt", "en", "Caption filled", "fr", "Média renseigné"), false, false));
        }
    }

    @Nested
    @DisplayName("by name")
    class ByName {
        @Test
        @DisplayName("finds a template by its Phraseanet name, ignoring case")
        void findsByName() {
            assertThat(StructureTemplate.byName("en-simple")).isEqualTo(StructureTemplate.EN_SIMPLE);
            assertThat(StructureTemplate.byName("dublincore")).isEqualTo(StructureTemplate.DUBLIN_CORE);
        }

        @Test
        @DisplayName("an unknown name is refused with the list of valid names")
        void unknownNameListsValidNames() {
            assertThatThrownBy(() -> StructureTemplate.byName("de-simple"))
                    .isInstanceOf(AthanorException.class)
                    .hasMessage("structure template 'de-simple' is unknown; valid names are en-simple, fr-simple, DublinCore")
                    .extracting(e -> ((AthanorException) e).code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
        }
    }
}
