package org.athanor.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.athanor.config.BinariesConfig;
import org.athanor.databox.RecordType;
import org.athanor.databox.StructureTemplate;
import org.athanor.databox.SubdefSpec;
import org.athanor.testing.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Making subdefinitions")
class SubdefGeneratorTests {
    @TempDir static Path dir;
    static ExifTool exiftool;
    static MediaReader reader;
    static final Tools TOOLS = new Tools(BinariesConfig.DEFAULT);
    static final SubdefGenerator VIPS = new SubdefGenerator(TOOLS, 250_000_000L);
    static final SubdefGenerator IMAGEIO = new SubdefGenerator(Tools.NONE, 250_000_000L);

    @BeforeAll
    static void start() {
        exiftool = new ExifTool(TOOLS.find("exiftool").orElseThrow(), Duration.ofSeconds(30));
        reader = new MediaReader(TOOLS, exiftool, Map.of());
    }

    @AfterAll
    static void stop() {
        exiftool.close();
    }

    static List<SubdefSpec> specs(RecordType group) {
        return StructureTemplate.EN_SIMPLE.load().subdefsOf(group);
    }

    static SubdefGenerator.Outcome make(SubdefGenerator g, Path source, String work) {
        MediaInfo info = reader.read(source, source.getFileName().toString());
        return g.generate(source, info, specs(info.type()), dir.resolve(work));
    }

    static SubdefGenerator.Made made(SubdefGenerator.Outcome o, String name) {
        assertThat(o.failed()).isEmpty();
        return o.made().stream().filter(m -> m.spec().name().equals(name)).findFirst().orElseThrow();
    }

    @Nested
    @DisplayName("of images, with libvips and with ImageIO alike")
    class Images {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"vips", "imageio"})
        @DisplayName("fit every image subdef of en-simple in its size")
        void sizes(String engine) {
            SubdefGenerator.Outcome o = make(engine.equals("vips") ? VIPS : IMAGEIO, TestMedia.jpeg(dir, "big-" + engine + ".jpg", 2000, 1500), "big-" + engine);
            assertThat(o.made()).extracting(m -> m.spec().name())
                    .containsExactlyInAnyOrder("preview", "thumbnail", "preview_mobile", "thumbnail_mobile");
            assertThat(TestMedia.size(made(o, "preview").file())).containsExactly(1024, 768);
            assertThat(TestMedia.size(made(o, "thumbnail").file())).containsExactly(240, 180);
            assertThat(made(o, "thumbnail").width()).isEqualTo(240);
            assertThat(made(o, "thumbnail").mime()).isEqualTo("image/jpeg");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"vips", "imageio"})
        @DisplayName("apply the EXIF orientation: a landscape file turned a quarter becomes a portrait thumbnail")
        void orientation(String engine) {
            SubdefGenerator.Outcome o = make(engine.equals("vips") ? VIPS : IMAGEIO, TestMedia.rotatedJpeg(dir), "rot-" + engine);
            Path thumb = made(o, "thumbnail").file();
            assertThat(TestMedia.size(thumb)).containsExactly(180, 240);
            // the red top of the original is on the right once turned clockwise
            assertThat(TestMedia.pixel(thumb, 170, 120)[0]).isGreaterThan(200);
            assertThat(TestMedia.pixel(thumb, 10, 120)[2]).isGreaterThan(200);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"vips", "imageio"})
        @DisplayName("convert CMYK to sRGB, 16-bit to 8-bit, and flatten alpha on white")
        void colour(String engine) {
            SubdefGenerator g = engine.equals("vips") ? VIPS : IMAGEIO;
            int[] cmykTop = TestMedia.pixel(made(make(g, TestMedia.cmykJpeg(dir), "cmyk-" + engine), "thumbnail").file(), 120, 5);
            assertThat(cmykTop[0]).isGreaterThan(180);
            assertThat(cmykTop[2]).isLessThan(90);
            int[] deepTop = TestMedia.pixel(made(make(g, TestMedia.tiff16(dir), "deep-" + engine), "thumbnail").file(), 120, 5);
            assertThat(deepTop[0]).isGreaterThan(200);
            assertThat(deepTop[2]).isLessThan(60);
            Path alpha = made(make(g, TestMedia.alphaPng(dir), "alpha-" + engine), "thumbnail").file();
            assertThat(TestMedia.pixel(alpha, 3, 3)).containsExactly(255, 255, 255);
            assertThat(TestMedia.pixel(alpha, 120, 90)[0]).isGreaterThan(200);
        }

        @Test
        @DisplayName("refuse an image declaring more pixels than the limit, without decoding it")
        void bomb() throws Exception {
            Path bomb = TestMedia.pngHeader(dir, "bomb.png", 50_000, 50_000);
            SubdefGenerator.Outcome o = make(VIPS, bomb, "bomb");
            assertThat(o.made()).isEmpty();
            assertThat(o.failed().get("thumbnail")).contains("50000 x 50000").contains("border-manager.max-pixels");
        }
    }

    @Nested
    @DisplayName("of other documents")
    class Others {
        @Test
        @DisplayName("a video: thumbnail frame, animated GIF, MP4 and WebM previews")
        void video() {
            SubdefGenerator.Outcome o = make(VIPS, TestMedia.video(dir), "video");
            assertThat(TestMedia.size(made(o, "thumbnail").file())).containsExactly(240, 180);
            assertThat(made(o, "thumbnailgif").mime()).isEqualTo("image/gif");
            assertThat(made(o, "preview").file().getFileName().toString()).isEqualTo("preview.mp4");
            assertThat(made(o, "preview_webm").mime()).isEqualTo("video/webm");
            MediaInfo preview = reader.read(made(o, "preview").file(), "preview.mp4");
            assertThat(preview.technical()).containsEntry("VideoCodec", "h264").containsEntry("AudioCodec", "mp3");
        }

        @Test
        @DisplayName("a sound: MP3 previews and a waveform thumbnail")
        void audio() {
            SubdefGenerator.Outcome o = make(VIPS, TestMedia.wav(dir), "audio");
            assertThat(made(o, "preview").mime()).isEqualTo("audio/mpeg");
            assertThat(made(o, "preview_mobile").extension()).isEqualTo("mp3");
            assertThat(TestMedia.size(made(o, "thumbnail").file())).containsExactly(240, 120);
        }

        @Test
        @DisplayName("a multi-page PDF: the first page as thumbnail, the PDF as preview")
        void pdf() throws Exception {
            Path pdf = TestMedia.multiPagePdf(dir);
            SubdefGenerator.Outcome o = make(VIPS, pdf, "pdf");
            int[] wh = TestMedia.size(made(o, "thumbnail").file());
            assertThat(wh[1]).isEqualTo(240);
            assertThat(wh[0]).isBetween(168, 172);
            assertThat(TestMedia.pixel(made(o, "thumbnail").file(), 80, 120)).containsExactly(255, 255, 255);
            assertThat(Files.mismatch(made(o, "preview").file(), pdf)).isEqualTo(-1L);
        }

        @Test
        @DisplayName("an unknown or flash document: a drawn type icon")
        void icon() throws Exception {
            Path blob = Files.write(dir.resolve("data.bin"), new byte[] {0, 1, 2, 3, 4, 5});
            MediaInfo info = reader.read(blob, "data.bin");
            assertThat(info.type()).isEqualTo(RecordType.UNKNOWN);
            SubdefGenerator.Outcome o = VIPS.generate(blob, info, specs(RecordType.FLASH), dir.resolve("icon"));
            assertThat(made(o, "thumbnail").mime()).isEqualTo("image/png");
            assertThat(TestMedia.size(made(o, "thumbnail").file())).containsExactly(240, 240);
            assertThat(TestMedia.size(made(o, "preview").file())).containsExactly(800, 800);
        }
    }
}
