package org.athanor.databox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("A databox structure")
class StructureTests {

    @Nested
    @DisplayName("checks itself")
    class ChecksItself {
        @Test
        @DisplayName("a subdef defined twice in one group is refused")
        void duplicateSubdef() {
            SubdefSpec thumbnail = subdef(RecordType.IMAGE, "thumbnail");
            assertThatThrownBy(() -> new Structure(List.of(), List.of(thumbnail, thumbnail), List.of()))
                    .isInstanceOf(StructureException.class)
                    .hasMessage("subdef 'image/thumbnail' is defined twice; subdef names must be unique within a type group");
        }

        @Test
        @DisplayName("the same subdef name in two groups is fine")
        void sameNameInTwoGroups() {
            Structure s = new Structure(List.of(),
                    List.of(subdef(RecordType.VIDEO, "thumbnail"), subdef(RecordType.IMAGE, "thumbnail")), List.of());
            assertThat(s.subdefs()).extracting(SubdefSpec::group).containsExactly(RecordType.IMAGE, RecordType.VIDEO);
        }

        @Test
        @DisplayName("a status bit defined twice is refused")
        void duplicateBit() {
            StatusBit bit = new StatusBit(4, "Online", "", Map.of(), false, false);
            assertThatThrownBy(() -> new Structure(List.of(), List.of(), List.of(bit, bit)))
                    .hasMessage("status bit 4 is defined twice; each bit may be defined once");
        }

        @Test
        @DisplayName("two fields at one position are refused")
        void duplicatePosition() {
            assertThatThrownBy(() -> new Structure(
                    List.of(StructureField.of("Title", 0), StructureField.of("Credit", 0)), List.of(), List.of()))
                    .hasMessage("fields 'Title' and 'Credit' are both at position 0; give each field its own position");
        }

        @Test
        @DisplayName("fields are kept in order of position")
        void fieldsByPosition() {
            Structure s = new Structure(List.of(StructureField.of("B", 1), StructureField.of("A", 0)), List.of(), List.of());
            assertThat(s.fields()).extracting(StructureField::name).containsExactly("A", "B");
        }
    }

    @Nested
    @DisplayName("values check themselves")
    class Values {
        @Test
        @DisplayName("a field name with a space is refused with an example")
        void fieldName() {
            assertThatThrownBy(() -> StructureField.of("Camera Model", 0))
                    .hasMessage("field name 'Camera Model' is invalid: use 1 to 64 letters, digits and _,"
                            + " starting with a letter (e.g. 'CameraModel')");
        }

        @Test
        @DisplayName("a subdef of the unknown group is refused")
        void unknownGroup() {
            assertThatThrownBy(() -> subdef(RecordType.UNKNOWN, "thumbnail"))
                    .hasMessage("subdef 'thumbnail': type group 'unknown' is invalid;"
                            + " expected one of image, video, audio, document, flash");
        }

        @Test
        @DisplayName("a subdef quality above 100 is refused")
        void quality() {
            assertThatThrownBy(() -> new SubdefSpec(RecordType.IMAGE, "preview", SubdefClass.PREVIEW, "image", true,
                    1024, 101, null, null, null, null, List.of(), Map.of(), Map.of()))
                    .hasMessage("subdef 'image/preview': quality 101 is outside 1..100");
        }

        @Test
        @DisplayName("labels in a language Phraseanet 4.0 does not offer are refused")
        void labelLanguage() {
            assertThatThrownBy(() -> new StatusBit(4, "Online", "", Map.of("es", "En línea"), false, false))
                    .hasMessage("status bit 4: label language 'es' is not supported; use one of en, fr, de, nl");
        }

        @Test
        @DisplayName("a Dublin Core element is matched ignoring case and kept in its canonical spelling")
        void dcesElement() {
            StructureField f = new StructureField("Title", "XMP-dc:Title", FieldType.STRING, false, false, false, false,
                    true, 0, null, null, null, "title", Map.of(), 0);
            assertThat(f.dcesElement()).isEqualTo("Title");
            assertThat(f.separator()).isEqualTo(";");
        }
    }

    private static SubdefSpec subdef(RecordType group, String name) {
        return new SubdefSpec(group, name, SubdefClass.THUMBNAIL, "image", false, 240, null, null, null, null, null,
                List.of("screen"), Map.of(), Map.of());
    }
}
