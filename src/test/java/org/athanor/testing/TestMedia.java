package org.athanor.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Media files for tests: Phraseanet's sample files from the test resources, and files made on the spot with
 * ImageMagick, ffmpeg and ExifTool (CMYK, rotated, 16-bit, alpha, video, audio, multi-page PDF, Latin-1 IPTC,
 * truncated, decompression bomb).
 */
public final class TestMedia {
    /** Phraseanet's test media, shipped in the project. */
    public static final Path PHRASEANET = Path.of("src/test/resources/media/phraseanet").toAbsolutePath();

    private TestMedia() {}

    /** Return a Phraseanet sample, e.g. {@code iphone_pic.jpg}. */
    public static Path phraseanet(String name) {
        return PHRASEANET.resolve(name);
    }

    /** Run a command and fail the test with its output when it fails. */
    public static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JPEG of a red (top) to blue (bottom) gradient, {@code w} x {@code h}. */
    public static Path jpeg(Path dir, String name, int w, int h) {
        Path f = dir.resolve(name);
        run("convert", "-size", w + "x" + h, "gradient:red-blue", "-quality", "90", f.toString());
        return f;
    }

    /** A CMYK JPEG without an embedded profile: red on top. */
    public static Path cmykJpeg(Path dir) {
        Path f = dir.resolve("cmyk.jpg");
        run("convert", "-size", "400x300", "gradient:red-blue", "-colorspace", "CMYK", "-quality", "90", f.toString());
        return f;
    }

    /** A 400x300 landscape JPEG whose EXIF orientation (6) says to turn it a quarter clockwise. */
    public static Path rotatedJpeg(Path dir) {
        Path f = jpeg(dir, "rotated.jpg", 400, 300);
        run("exiftool", "-q", "-overwrite_original", "-n", "-Orientation=6", f.toString());
        return f;
    }

    /** A 16-bit RGB TIFF, red to blue. */
    public static Path tiff16(Path dir) {
        Path f = dir.resolve("deep.tif");
        run("convert", "-size", "400x300", "gradient:red-blue", "-depth", "16", f.toString());
        return f;
    }

    /** A PNG with a transparent background and a red disc. */
    public static Path alphaPng(Path dir) {
        Path f = dir.resolve("alpha.png");
        run("convert", "-size", "400x300", "xc:none", "-fill", "red", "-draw", "circle 200,150 200,60", f.toString());
        return f;
    }

    /** A 2-second 320x240 video with a sine sound. */
    public static Path video(Path dir) {
        Path f = dir.resolve("clip.mp4");
        run("ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=25", "-f", "lavfi",
                "-i", "sine=frequency=440:duration=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", f.toString());
        return f;
    }

    /** A 1-second mono WAV. */
    public static Path wav(Path dir) {
        Path f = dir.resolve("tone.wav");
        run("ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", f.toString());
        return f;
    }

    /** A 3-page PDF, A4 portrait. */
    public static Path multiPagePdf(Path dir) {
        Path f = dir.resolve("three-pages.pdf");
        try (var doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            java.awt.Color[] colours = {java.awt.Color.WHITE, java.awt.Color.CYAN, java.awt.Color.PINK};
            for (java.awt.Color c : colours) {
                var page = new org.apache.pdfbox.pdmodel.PDPage(org.apache.pdfbox.pdmodel.common.PDRectangle.A4);
                doc.addPage(page);
                try (var cs = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                    cs.setNonStrokingColor(c);
                    cs.addRect(0, 0, page.getMediaBox().getWidth(), page.getMediaBox().getHeight());
                    cs.fill();
                    cs.setNonStrokingColor(java.awt.Color.BLACK);
                    cs.addRect(50, 700, 100, 100);
                    cs.fill();
                }
            }
            doc.save(f.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return f;
    }

    /** A JPEG with an IPTC caption and keywords written in Latin-1, without a coded character set. */
    public static Path latin1Iptc(Path dir) {
        Path f = jpeg(dir, "latin1.jpg", 200, 150);
        run("exiftool", "-q", "-overwrite_original", "-charset", "iptc=Latin1", "-IPTC:Caption-Abstract=Café à l'été",
                "-IPTC:Keywords=crème", "-IPTC:Keywords=brûlée", "-IPTC:DateCreated=2011:07:14", "-IPTC:Headline=Déjà vu", f.toString());
        return f;
    }

    /** A JPEG cut in the middle. */
    public static Path truncatedJpeg(Path dir, String name) throws IOException {
        Path whole = jpeg(dir, "whole-" + name, 300, 200);
        byte[] bytes = Files.readAllBytes(whole);
        Path f = dir.resolve(name);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.delete(whole);
        return f;
    }

    /** A tiny PNG whose header declares {@code w} x {@code h} pixels (a decompression bomb). */
    public static Path pngHeader(Path dir, String name, int w, int h) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
            ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
            chunk(out, "IHDR", ihdr.array());
            chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
            chunk(out, "IEND", new byte[0]);
        }
        return f;
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Return the red, green, blue of a pixel of an image file (read by ImageMagick). */
    public static int[] pixel(Path image, int x, int y) {
        try {
            Process p = new ProcessBuilder("convert", image.toString(), "-format", "%[fx:int(255*p{" + x + "," + y + "}.r)],"
                    + "%[fx:int(255*p{" + x + "," + y + "}.g)],%[fx:int(255*p{" + x + "," + y + "}.b)]", "info:").start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(30, TimeUnit.SECONDS);
            String[] parts = out.split(",");
            List<Integer> v = new ArrayList<>();
            for (String s : parts) v.add(Integer.parseInt(s.strip()));
            return new int[] {v.get(0), v.get(1), v.get(2)};
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read a pixel of " + image + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Return the width and height of an image file, from its header. */
    public static int[] size(Path image) {
        try {
            var in = javax.imageio.ImageIO.createImageInputStream(image.toFile());
            var r = javax.imageio.ImageIO.getImageReaders(in).next();
            r.setInput(in);
            int[] wh = {r.getWidth(0), r.getHeight(0)};
            r.dispose();
            in.close();
            return wh;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
