package org.athanor.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.athanor.config.BinariesConfig;
import org.athanor.databox.RecordType;
import org.athanor.testing.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Reading what a file is and says")
class MediaReaderTests {
    @TempDir static Path dir;
    static ExifTool exiftool;
    static MediaReader reader;

    @BeforeAll
    static void start() {
        Tools tools = new Tools(BinariesConfig.DEFAULT);
        exiftool = new ExifTool(tools.find("exiftool").orElseThrow(), Duration.ofSeconds(30));
        reader = new MediaReader(tools, exiftool, Map.of("mxf", "application/mxf"));
    }

    @AfterAll
    static void stop() {
        exiftool.close();
    }

    @Nested
    @DisplayName("with ExifTool")
    class WithExifTool {
        @Test
        @DisplayName("reads Phraseanet's iPhone picture: camera, signed GPS, UUID, technical data")
        void iphone() {
            MediaInfo info = reader.read(TestMedia.phraseanet("iphone_pic.jpg"), "iphone_pic.jpg");
            assertThat(info.mime()).isEqualTo("image/jpeg");
            assertThat(info.type()).isEqualTo(RecordType.IMAGE);
            assertThat(info.extension()).isEqualTo("jpg");
            assertThat(info.tag("IFD0:Model")).containsExactly("iPhone 3GS");
            assertThat(info.tag("GPS:GPSLatitude")).singleElement().asString().startsWith("48.874");
            assertThat(info.tag("GPS:GPSLongitude")).singleElement().asString().startsWith("2.333");
            assertThat(info.uuid()).hasValue("4d006e01-bc38-4aac-9a5b-2c90ffe3a8a2");
            assertThat(info.width()).isEqualTo(600);
            assertThat(info.height()).isEqualTo(800);
            assertThat(info.technical()).containsEntry("Width", "600").containsEntry("Height", "800").containsEntry("ColorSpace", "RGB")
                    .containsEntry("ColorDepth", "8").containsEntry("Orientation", "1").containsEntry("MimeType", "image/jpeg")
                    .containsEntry("FileSize", "81728");
        }

        @Test
        @DisplayName("decodes an IPTC caption written in Latin-1 and keeps list tags as several values")
        void latin1() {
            MediaInfo info = reader.read(TestMedia.latin1Iptc(dir), "latin1.jpg");
            assertThat(info.tag("IPTC:Caption-Abstract")).containsExactly("Café à l'été");
            assertThat(info.tag("IPTC:Keywords")).containsExactly("crème", "brûlée");
            assertThat(info.tag("IPTC:DateCreated")).containsExactly("2011:07:14");
        }

        @Test
        @DisplayName("tells CMYK, 16-bit depth and an EXIF orientation")
        void technical() {
            assertThat(reader.read(TestMedia.cmykJpeg(dir), "cmyk.jpg").technical()).containsEntry("ColorSpace", "CMYK");
            assertThat(reader.read(TestMedia.tiff16(dir), "deep.tif").technical()).containsEntry("ColorDepth", "16");
            assertThat(reader.read(TestMedia.rotatedJpeg(dir), "rotated.jpg").technical()).containsEntry("Orientation", "6");
        }

        @Test
        @DisplayName("reads duration and codecs of a video and of a sound")
        void videoAndAudio() {
            MediaInfo video = reader.read(TestMedia.video(dir), "clip.mp4");
            assertThat(video.type()).isEqualTo(RecordType.VIDEO);
            assertThat(video.technical()).containsEntry("VideoCodec", "h264").containsEntry("AudioCodec", "aac")
                    .containsEntry("Width", "320").containsEntry("Height", "240").containsEntry("FrameRate", "25.000");
            assertThat(Double.parseDouble(video.technical().get("Duration"))).isBetween(1.9, 2.2);
            MediaInfo wav = reader.read(TestMedia.wav(dir), "tone.wav");
            assertThat(wav.type()).isEqualTo(RecordType.AUDIO);
            assertThat(wav.technical()).containsEntry("AudioCodec", "pcm_s16le").containsKey("Duration");
        }

        @Test
        @DisplayName("reads a 50000 x 50000 PNG header without decoding it")
        void bombHeader() throws Exception {
            MediaInfo info = reader.read(TestMedia.pngHeader(dir, "bomb.png", 50_000, 50_000), "bomb.png");
            assertThat(info.pixels()).isEqualTo(2_500_000_000L);
        }
    }

    @Nested
    @DisplayName("detecting the type")
    class Detection {
        @Test
        @DisplayName("trusts the content over the name")
        void contentFirst() throws Exception {
            Path disguised = Files.copy(TestMedia.phraseanet("test001.jpg"), dir.resolve("notes.txt"));
            MediaInfo info = reader.read(disguised, "notes.txt");
            assertThat(info.mime()).isEqualTo("image/jpeg");
            assertThat(info.type()).isEqualTo(RecordType.IMAGE);
            assertThat(info.extension()).isEqualTo("txt");
        }

        @Test
        @DisplayName("uses the name, then border-manager.extension-mapping, when the content does not tell")
        void nameThenMapping() throws Exception {
            Path blob = Files.write(dir.resolve("blob.mxf"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            assertThat(reader.detect(blob, "blob.mxf")).isEqualTo("application/mxf");
            assertThat(MediaReader.typeOf("application/mxf")).isEqualTo(RecordType.VIDEO);
            assertThat(reader.read(TestMedia.phraseanet("HelloWorld.pdf"), "HelloWorld.pdf").type()).isEqualTo(RecordType.DOCUMENT);
            assertThat(MediaReader.typeOf("application/x-shockwave-flash")).isEqualTo(RecordType.FLASH);
            assertThat(MediaReader.typeOf("application/x-whatever")).isEqualTo(RecordType.UNKNOWN);
        }
    }

    @Nested
    @DisplayName("without ExifTool (metadata-extractor)")
    class WithoutExifTool {
        @Test
        @DisplayName("still maps camera, GPS, IPTC and dimensions to the same names")
        void fallback() {
            MediaReader plain = new MediaReader(Tools.NONE, null, Map.of());
            MediaInfo info = plain.read(TestMedia.phraseanet("iphone_pic.jpg"), "iphone_pic.jpg");
            assertThat(info.tag("IFD0:Model")).containsExactly("iPhone 3GS");
            assertThat(Double.parseDouble(info.tag("GPS:GPSLatitude").get(0))).isCloseTo(48.874, org.assertj.core.data.Offset.offset(0.001));
            assertThat(info.width()).isEqualTo(600);
            assertThat(info.uuid()).hasValue("4d006e01-bc38-4aac-9a5b-2c90ffe3a8a2");
            MediaInfo latin = plain.read(TestMedia.latin1Iptc(dir), "latin1.jpg");
            assertThat(latin.tag("IPTC:Keywords")).containsExactly("crème", "brûlée");
        }
    }
}
