package org.athanor.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.athanor.testing.TestMedia;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Structural integrity checks")
class IntegrityTests {
    @TempDir Path dir;

    private Path cut(Path source, String name, long keep) throws Exception {
        byte[] all = Files.readAllBytes(source);
        return Files.write(dir.resolve(name), Arrays.copyOf(all, (int) keep));
    }

    @Test @DisplayName("accepts whole PDFs: Phraseanet's HelloWorld.pdf and a 3-page PDF written by PDFBox")
    void acceptsWholePdfs() throws Exception {
        assertThat(Integrity.problem(TestMedia.phraseanet("HelloWorld.pdf"), "application/pdf")).isEmpty();
        assertThat(Integrity.problem(TestMedia.multiPagePdf(dir), "application/pdf")).isEmpty();
    }

    @Test @DisplayName("refuses a PDF cut in the middle: no %%EOF at its end")
    void refusesATruncatedPdf() throws Exception {
        Path pdf = TestMedia.phraseanet("HelloWorld.pdf");
        Path half = cut(pdf, "half.pdf", Files.size(pdf) / 2);
        assertThat(Integrity.problem(half, "application/pdf"))
                .hasValue("the PDF is truncated: it does not end with %%EOF (expected in its last 1024 bytes)");
    }

    @Test @DisplayName("refuses a PDF whose tail survived but whose body lost bytes: startxref points past the end or at junk")
    void refusesAPdfWithABrokenXref() throws Exception {
        byte[] all = Files.readAllBytes(TestMedia.phraseanet("HelloWorld.pdf"));
        int keepTail = 300;
        byte[] damaged = new byte[all.length / 3 + keepTail];
        System.arraycopy(all, 0, damaged, 0, all.length / 3);
        System.arraycopy(all, all.length - keepTail, damaged, all.length / 3, keepTail);
        Path pdf = Files.write(dir.resolve("holed.pdf"), damaged);
        assertThat(Integrity.problem(pdf, "application/pdf")).hasValueSatisfying(p -> assertThat(p).startsWith("the PDF is damaged: its startxref"));
    }

    @Test @DisplayName("accepts a whole MP4 and WAV; refuses them cut short, naming the box or header that overruns")
    void isoMediaAndRiff() throws Exception {
        Path mp4 = TestMedia.video(dir);
        assertThat(Integrity.problem(mp4, "video/mp4")).isEmpty();
        Path shortMp4 = cut(mp4, "short.mp4", Files.size(mp4) - 1000);
        assertThat(Integrity.problem(shortMp4, "video/mp4")).hasValueSatisfying(p -> assertThat(p)
                .matches("the MP4 file is truncated: box '(moov|mdat)' at byte \\d+ declares \\d+ bytes, the file ends \\d+ bytes short"));
        Path wav = TestMedia.wav(dir);
        assertThat(Integrity.problem(wav, "audio/vnd.wave")).isEmpty();
        Path shortWav = cut(wav, "short.wav", Files.size(wav) / 2);
        assertThat(Integrity.problem(shortWav, "audio/vnd.wave")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("the WAVE file is truncated: its RIFF header declares "));
    }

    @Test @DisplayName("refuses an MP4 without its moov box (the track index)")
    void refusesAnMp4WithoutMoov() throws Exception {
        // a lone 'ftyp' box and an 'mdat' box, both whole: a recording that stopped before its index was written
        byte[] ftyp = {0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0};
        byte[] mdat = {0, 0, 0, 12, 'm', 'd', 'a', 't', 1, 2, 3, 4};
        byte[] both = new byte[ftyp.length + mdat.length];
        System.arraycopy(ftyp, 0, both, 0, ftyp.length);
        System.arraycopy(mdat, 0, both, ftyp.length, mdat.length);
        Path f = Files.write(dir.resolve("nomoov.mp4"), both);
        assertThat(Integrity.problem(f, "video/mp4"))
                .hasValue("the MP4 file is damaged or truncated: it has no 'moov' box (the index of its tracks)");
    }

    @Test @DisplayName("refuses a GIF and a PNG cut short")
    void gifAndPng() throws Exception {
        Path gif = TestMedia.phraseanet("logocoll.gif");
        assertThat(Integrity.problem(gif, "image/gif")).isEmpty();
        assertThat(Integrity.problem(cut(gif, "short.gif", Files.size(gif) - 20), "image/gif")).hasValue("the GIF is truncated: it has no trailer");
        Path png = TestMedia.alphaPng(dir);
        assertThat(Integrity.problem(png, "image/png")).isEmpty();
        assertThat(Integrity.problem(cut(png, "short.png", Files.size(png) - 30), "image/png")).hasValue("the PNG is truncated: it has no IEND chunk");
    }
}
