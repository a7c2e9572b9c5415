package org.athanor.media;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.athanor.core.AthanorException;
import org.athanor.databox.RecordType;
import org.athanor.databox.SubdefSpec;
import org.athanor.programs.ExternalProgram;
import org.athanor.programs.ProgramException;

/**
 * Makes the subdefinition files of one document from its databox's specs: images with libvips when installed (else
 * ImageIO with TwelveMonkeys), video and audio with ffmpeg, documents with PDFBox (office files through LibreOffice
 * when installed), and a drawn type icon for what cannot be rendered.
 *
 * <p>An image source is decoded once per record: into the largest image subdef (EXIF orientation applied, CMYK and
 * ICC profiles converted to sRGB, alpha flattened on white), from which every smaller image subdef is cut.
 * Files are written in a work folder; storing them is the caller's business.
 */
public final class SubdefGenerator {
    private final Tools tools;
    private final long maxPixels;

    /** A generator using the tools installed, refusing images that declare more than {@code maxPixels} pixels. */
    public SubdefGenerator(Tools tools, long maxPixels) {
        this.tools = tools;
        this.maxPixels = maxPixels;
    }

    /** One file made, in the work folder. */
    public record Made(SubdefSpec spec, Path file, String mime, String extension, Integer width, Integer height) {}

    /** What {@link #generate} made and what failed, by subdef name. */
    public record Outcome(List<Made> made, Map<String, String> failed) {}

    /**
     * Make the files of {@code specs} for {@code source} into {@code work}. A subdef that cannot be made is reported in
     * {@link Outcome#failed()} with the reason; the others are still made.
     */
    public Outcome generate(Path source, MediaInfo info, List<SubdefSpec> specs, Path work) {
        List<Made> made = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        if (info.type() == RecordType.IMAGE && info.pixels() > maxPixels) {
            String why = "the image declares " + info.width() + " x " + info.height() + " pixels, more than the limit of "
                    + maxPixels + " (border-manager.max-pixels)";
            specs.forEach(s -> failed.put(s.name(), why));
            return new Outcome(made, failed);
        }
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new MediaException("cannot create the work folder " + work + ": " + e.getMessage(), e);
        }
        List<SubdefSpec> images = new ArrayList<>();
        for (SubdefSpec spec : specs) {
            if (spec.mediatype().equals("image") && (info.type() == RecordType.IMAGE)) images.add(spec);
        }
        if (!images.isEmpty()) images(source, info, images, work, made, failed);
        for (SubdefSpec spec : specs) {
            if (images.contains(spec)) continue;
            try {
                made.add(one(source, info, spec, work));
            } catch (IOException | RuntimeException e) {
                failed.put(spec.name(), message(e));
            }
        }
        return new Outcome(made, failed);
    }

    private static String message(Exception e) {
        return e instanceof AthanorException || e.getMessage() != null && e instanceof IOException ? e.getMessage() : e.toString();
    }

    private Made one(Path source, MediaInfo info, SubdefSpec spec, Path work) throws IOException {
        int size = spec.size() == null ? 240 : spec.size();
        return switch (info.type()) {
            case VIDEO -> video(source, info, spec, work, size);
            case AUDIO -> audio(source, spec, work, size);
            case DOCUMENT -> document(source, info, spec, work, size);
            case IMAGE -> spec.mediatype().equals("pdf") ? imagePdf(source, spec, work) : icon(info, spec, work, size);
            default -> icon(info, spec, work, size);
        };
    }

    // ---- images

    private void images(Path source, MediaInfo info, List<SubdefSpec> specs, Path work, List<Made> made, Map<String, String> failed) {
        List<SubdefSpec> bySize = new ArrayList<>(specs);
        bySize.sort(Comparator.comparingInt((SubdefSpec s) -> s.size() == null ? 1024 : s.size()).reversed());
        int largest = bySize.get(0).size() == null ? 1024 : bySize.get(0).size();
        Optional<Path> vips = tools.find("vipsthumbnail");
        try {
            if (vips.isPresent()) {
                // the source is decoded once, into the largest subdef (shrink-on-load, orientation, sRGB); each smaller
                // subdef is then cut from that file, which is cheap to decode
                Path from = null;
                for (SubdefSpec s : bySize) {
                    try {
                        Format f = Format.of(s);
                        Path out = work.resolve(s.name() + "." + f.extension);
                        int size = s.size() == null ? 1024 : s.size();
                        if (from == null) {
                            try {
                                vipsThumbnail(vips.get(), source, size, out + "[" + f.vipsOptions(s) + "]", true);
                            } catch (MediaException | ProgramException e) {
                                Path converted = convertFallback(source, info, largest, work).orElseThrow(() -> e);
                                vipsThumbnail(vips.get(), converted, size, out + "[" + f.vipsOptions(s) + "]", true);
                            }
                        } else {
                            vipsThumbnail(vips.get(), from, size, out + "[" + f.vipsOptions(s) + "]", false);
                        }
                        made.add(madeImage(s, out, f));
                        if (from == null) from = out;
                    } catch (MediaException | ProgramException | IOException e) {
                        failed.put(s.name(), message(e));
                    }
                }
                return;
            }
            BufferedImage base = decode(source, info, largest);
            for (SubdefSpec s : bySize) {
                try {
                    Format f = Format.of(s);
                    Path out = work.resolve(s.name() + "." + f.extension);
                    BufferedImage scaled = scale(base, s.size() == null ? 1024 : s.size());
                    write(scaled, out, f, s.quality() == null ? 75 : s.quality());
                    made.add(new Made(s, out, f.mime, f.extension, scaled.getWidth(), scaled.getHeight()));
                    base = scaled;   // the next, smaller, subdef is cut from this one
                } catch (IOException | RuntimeException e) {
                    failed.put(s.name(), message(e));
                }
            }
        } catch (IOException | RuntimeException e) {
            for (SubdefSpec s : specs) failed.putIfAbsent(s.name(), "cannot decode the image: " + message(e));
        }
    }

    private void vipsThumbnail(Path vips, Path source, int size, String output, boolean first) {
        List<String> cmd = new ArrayList<>(List.of(vips.toString(), source.toString(), "--size", size + "x" + size + ">"));
        if (first) cmd.addAll(List.of("--export-profile", "srgb"));
        else cmd.add("--no-rotate");   // cut from an output that is upright already
        cmd.addAll(List.of("-o", output));
        tools.program("vipsthumbnail", cmd).runOk();
    }

    private Optional<Path> convertFallback(Path source, MediaInfo info, int size, Path work) {
        Optional<Path> convert = tools.find("convert");
        if (convert.isEmpty()) return Optional.empty();
        Path out = work.resolve("converted.png");
        tools.program("convert", List.of(convert.get().toString(), source + "[0]", "-auto-orient", "-colorspace", "sRGB", "-resize",
                size + "x" + size + ">", out.toString())).runOk();
        return Optional.of(out);
    }

    private static Made madeImage(SubdefSpec s, Path out, Format f) throws IOException {
        int[] wh = header(out);
        return new Made(s, out, f.mime, f.extension, wh[0], wh[1]);
    }

    /** Return the width and height in an image file's header, without decoding it. */
    static int[] header(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new MediaException("no reader for " + file.getFileName());
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        }
    }

    /** Decode once, subsampled on read to about twice {@code size}, oriented, in sRGB on white. */
    private BufferedImage decode(Path source, MediaInfo info, int size) throws IOException {
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(source.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new MediaException("no image reader for " + info.mime());
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                long pixels = (long) r.getWidth(0) * r.getHeight(0);
                if (pixels > maxPixels) throw new MediaException("the image declares " + r.getWidth(0) + " x " + r.getHeight(0)
                        + " pixels, more than the limit of " + maxPixels + " (border-manager.max-pixels)");
                ImageReadParam p = r.getDefaultReadParam();
                int step = Math.max(1, Math.min(r.getWidth(0), r.getHeight(0)) > 0
                        ? Math.max(r.getWidth(0), r.getHeight(0)) / (size * 2) : 1);
                if (step > 1) p.setSourceSubsampling(step, step, 0, 0);
                img = r.read(0, p);
            } finally {
                r.dispose();
            }
        }
        ColorSpace cs = img.getColorModel().getColorSpace();
        if (!cs.isCS_sRGB() && cs.getType() != ColorSpace.TYPE_GRAY && img.getColorModel().getNumComponents() >= 3) {
            BufferedImage srgb = new BufferedImage(img.getWidth(), img.getHeight(),
                    img.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            new ColorConvertOp(null).filter(img, srgb);
            img = srgb;
        }
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return orient(rgb, info.technical().getOrDefault("Orientation", "1"));
    }

    /** Apply an EXIF orientation (1..8) so that the pixels stand the right way up. */
    static BufferedImage orient(BufferedImage img, String orientation) {
        int o = orientation.matches("[1-8]") ? Integer.parseInt(orientation) : 1;
        if (o == 1) return img;
        int w = img.getWidth(), h = img.getHeight();
        boolean swap = o >= 5;
        AffineTransform t = new AffineTransform();
        switch (o) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, t, null);
        g.dispose();
        return out;
    }

    /** Scale so that the longest side is at most {@code size}, halving first for quality. */
    static BufferedImage scale(BufferedImage img, int size) {
        int w = img.getWidth(), h = img.getHeight();
        if (Math.max(w, h) <= size) return img;
        double ratio = (double) size / Math.max(w, h);
        int tw = Math.max(1, (int) Math.round(w * ratio)), th = Math.max(1, (int) Math.round(h * ratio));
        BufferedImage cur = img;
        while (cur.getWidth() / 2 >= tw && cur.getHeight() / 2 >= th) cur = resize(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        return cur.getWidth() == tw && cur.getHeight() == th ? cur : resize(cur, tw, th);
    }

    private static BufferedImage resize(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static void write(BufferedImage img, Path out, Format f, int quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName(f.imageIoName).next();
        try (ImageOutputStream o = ImageIO.createImageOutputStream(out.toFile())) {
            w.setOutput(o);
            ImageWriteParam p = w.getDefaultWriteParam();
            if (f.imageIoName.equals("jpeg")) {
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality / 100f);
            }
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }

    /** The file format of an image subdef: {@code icodec} option jpeg (default), png or tiff. */
    private record Format(String mime, String extension, String imageIoName) {
        static Format of(SubdefSpec s) {
            String codec = s.options().getOrDefault("icodec", "jpeg").toLowerCase(Locale.ROOT);
            return switch (codec) {
                case "png" -> new Format("image/png", "png", "png");
                case "tiff", "tif" -> new Format("image/tiff", "tif", "tiff");
                default -> new Format("image/jpeg", "jpg", "jpeg");
            };
        }

        String vipsOptions(SubdefSpec s) {
            boolean strip = s.strip() == null || s.strip();
            String st = strip ? ",strip" : "";
            return switch (imageIoName) {
                case "jpeg" -> "Q=" + (s.quality() == null ? 75 : s.quality()) + st + ",background=255";
                case "png" -> "compression=6" + st;
                default -> "compression=deflate" + st;
            };
        }
    }

    private Made imagePdf(Path source, SubdefSpec spec, Path work) throws IOException {
        throw new MediaException("a PDF cannot be made of an image; use mediatype image for subdef " + spec.name());
    }

    // ---- video and audio

    private Path ffmpeg() {
        return tools.find("ffmpeg").orElseThrow(() -> new MediaException("ffmpeg is not installed; install it (apt-get install ffmpeg)"
                + " or set main.binaries.ffmpeg_binary"));
    }

    private static String fit(int size) {
        return "scale=w=" + size + ":h=" + size + ":force_original_aspect_ratio=decrease,scale=trunc(iw/2)*2:trunc(ih/2)*2";
    }

    private Made video(Path source, MediaInfo info, SubdefSpec spec, Path work, int size) throws IOException {
        String ff = ffmpeg().toString();
        double duration = parse(info.technical().get("Duration"), 0);
        switch (spec.mediatype()) {
            case "image" -> {
                Path out = work.resolve(spec.name() + ".jpg");
                String at = String.format(Locale.ROOT, "%.3f", duration > 2 ? 1.0 : duration / 3);
                tools.program("ffmpeg", List.of(ff, "-y", "-v", "error", "-ss", at, "-i", source.toString(), "-frames:v", "1",
                        "-vf", "scale=w=" + size + ":h=" + size + ":force_original_aspect_ratio=decrease", "-q:v", "3", out.toString()))
                        .runOk();
                return madeImage(spec, out, new Format("image/jpeg", "jpg", "jpeg"));
            }
            case "gif" -> {
                Path out = work.resolve(spec.name() + ".gif");
                int delay = (int) parse(spec.options().get("delay"), 150);
                String fps = String.format(Locale.ROOT, "%.3f", 1000.0 / Math.max(delay, 20));
                tools.program("ffmpeg", List.of(ff, "-y", "-v", "error", "-t", "10", "-i", source.toString(), "-vf",
                        "fps=" + fps + ",scale=w=" + size + ":h=" + size + ":force_original_aspect_ratio=decrease:flags=lanczos",
                        "-loop", "0", out.toString())).runOk();
                return madeImage(spec, out, new Format("image/gif", "gif", "gif"));
            }
            case "video" -> {
                String vcodec = spec.options().getOrDefault("vcodec", "libx264");
                boolean webm = vcodec.startsWith("libvpx");
                String ext = webm ? "webm" : vcodec.equals("libtheora") ? "ogv" : "mp4";
                String acodec = spec.options().getOrDefault("acodec", webm ? "libvorbis" : "aac");
                if (ext.equals("mp4") && !acodec.equals("libmp3lame")) acodec = "aac";
                Path out = work.resolve(spec.name() + "." + ext);
                List<String> cmd = new ArrayList<>(List.of(ff, "-y", "-v", "error", "-i", source.toString(), "-map", "0:v:0", "-map", "0:a:0?",
                        "-vf", fit(size), "-c:v", vcodec, "-pix_fmt", "yuv420p",
                        "-b:v", (int) parse(spec.options().get("bitrate"), 1000) + "k",
                        "-r", String.valueOf((int) parse(spec.options().get("fps"), 25)),
                        "-g", String.valueOf((int) parse(spec.options().get("GOPsize"), 25)),
                        "-c:a", acodec, "-b:a", (int) parse(spec.options().get("audiobitrate"), 128) + "k",
                        "-ar", String.valueOf((int) parse(spec.options().get("audiosamplerate"), 48000))));
                if (ext.equals("mp4")) cmd.addAll(List.of("-movflags", "+faststart"));
                if (vcodec.equals("libx264")) cmd.addAll(List.of("-preset", "veryfast"));
                if (webm) cmd.addAll(List.of("-deadline", "realtime", "-cpu-used", "8"));
                cmd.add(out.toString());
                tools.program("ffmpeg", cmd).runOk();
                return new Made(spec, out, webm ? "video/webm" : ext.equals("ogv") ? "video/ogg" : "video/mp4", ext, null, null);
            }
            case "audio" -> {
                return audioFile(ff, source, spec, work);
            }
            default -> throw new MediaException("mediatype " + spec.mediatype() + " cannot be made of a video");
        }
    }

    private Made audio(Path source, SubdefSpec spec, Path work, int size) throws IOException {
        String ff = ffmpeg().toString();
        if (spec.mediatype().equals("audio")) return audioFile(ff, source, spec, work);
        if (!spec.mediatype().equals("image")) throw new MediaException("mediatype " + spec.mediatype() + " cannot be made of audio");
        Path out = work.resolve(spec.name() + ".jpg");
        ExternalProgram.Result cover = tools.program("ffmpeg", List.of(ff, "-y", "-v", "error", "-i", source.toString(), "-map", "0:v:0", "-frames:v", "1",
                "-vf", "scale=w=" + size + ":h=" + size + ":force_original_aspect_ratio=decrease", out.toString())).run();
        if (cover.exitCode() != 0 || !Files.isRegularFile(out) || Files.size(out) == 0) {
            int h = Math.max(16, size / 2);
            tools.program("ffmpeg", List.of(ff, "-y", "-v", "error", "-i", source.toString(), "-filter_complex",
                    "color=c=white:s=" + size + "x" + h + "[bg];[0:a]aformat=channel_layouts=mono,showwavespic=s=" + size + "x" + h
                            + ":colors=0x2f5f8f[w];[bg][w]overlay=format=auto", "-frames:v", "1", out.toString())).runOk();
        }
        return madeImage(spec, out, new Format("image/jpeg", "jpg", "jpeg"));
    }

    private Made audioFile(String ff, Path source, SubdefSpec spec, Path work) {
        Path out = work.resolve(spec.name() + ".mp3");
        tools.program("ffmpeg", List.of(ff, "-y", "-v", "error", "-i", source.toString(), "-vn", "-c:a", "libmp3lame",
                "-b:a", (int) parse(spec.options().get("audiobitrate"), 128) + "k",
                "-ar", String.valueOf((int) parse(spec.options().get("audiosamplerate"), 44100)), out.toString())).runOk();
        return new Made(spec, out, "audio/mpeg", "mp3", null, null);
    }

    private static double parse(String s, double def) {
        try {
            return s == null ? def : Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return def;
        }
    }

    // ---- documents

    private Made document(Path source, MediaInfo info, SubdefSpec spec, Path work, int size) throws IOException {
        Optional<Path> pdf = info.mime().equals("application/pdf") ? Optional.of(source) : officeToPdf(source, info, work);
        if (spec.mediatype().equals("pdf")) {
            Path in = pdf.orElseThrow(() -> new MediaException("a PDF of " + info.mime()
                    + " needs LibreOffice; install it or set main.binaries.libreoffice_binary"));
            Path out = work.resolve(spec.name() + ".pdf");
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return new Made(spec, out, "application/pdf", "pdf", null, null);
        }
        if (!spec.mediatype().equals("image")) throw new MediaException("mediatype " + spec.mediatype() + " cannot be made of a document");
        if (pdf.isEmpty()) return icon(info, spec, work, size);
        try (PDDocument doc = Loader.loadPDF(pdf.get().toFile())) {
            if (doc.getNumberOfPages() == 0) throw new MediaException("the PDF has no page");
            PDRectangle box = doc.getPage(0).getCropBox();
            float longest = Math.max(box.getWidth(), box.getHeight());
            float scale = longest <= 0 ? 1f : size / longest;
            BufferedImage page = new PDFRenderer(doc).renderImage(0, scale, ImageType.RGB);
            Format f = Format.of(spec);
            Path out = work.resolve(spec.name() + "." + f.extension);
            BufferedImage fitted = scale(page, size);
            write(fitted, out, f, spec.quality() == null ? 75 : spec.quality());
            return new Made(spec, out, f.mime, f.extension, fitted.getWidth(), fitted.getHeight());
        }
    }

    private Optional<Path> officeToPdf(Path source, MediaInfo info, Path work) {
        Optional<Path> office = tools.find("libreoffice");
        if (office.isEmpty() || info.mime().startsWith("text/plain")) return Optional.empty();
        Path out = work.resolve("office");
        Path in = work.resolve("office-in").resolve("document." + info.extension());
        try {
            Files.createDirectories(in.getParent());
            Files.copy(source, in, StandardCopyOption.REPLACE_EXISTING);
            tools.program("libreoffice", List.of(office.get().toString(), "--headless", "-env:UserInstallation=file://" + work.resolve("lo-profile").toAbsolutePath(),
                    "--convert-to", "pdf", "--outdir", out.toString(), in.toString())).runOk();
        } catch (IOException e) {
            throw new MediaException("cannot prepare the LibreOffice conversion: " + e.getMessage(), e);
        }
        Path pdf = out.resolve("document.pdf");
        return Files.isRegularFile(pdf) ? Optional.of(pdf) : Optional.empty();
    }

    // ---- icons

    /** Draw a type icon: a sheet with the type and the extension, as a PNG (or JPEG when asked). */
    private Made icon(MediaInfo info, SubdefSpec spec, Path work, int size) throws IOException {
        if (!spec.mediatype().equals("image")) {
            throw new MediaException("mediatype " + spec.mediatype() + " cannot be made of a " + info.type().code() + " document");
        }
        BufferedImage img = icon(info.type(), info.extension(), size);
        Path out = work.resolve(spec.name() + ".png");
        ImageIO.write(img, "png", out.toFile());
        return new Made(spec, out, "image/png", "png", img.getWidth(), img.getHeight());
    }

    /** Draw the icon of a type group with an extension label, {@code size} pixels square. */
    public static BufferedImage icon(RecordType type, String extension, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Color colour = switch (type) {
            case VIDEO -> new Color(0xC0392B);
            case AUDIO -> new Color(0x8E44AD);
            case DOCUMENT -> new Color(0x2E86C1);
            case FLASH -> new Color(0xD35400);
            case IMAGE -> new Color(0x27AE60);
            default -> new Color(0x7F8C8D);
        };
        int m = size / 8;
        g.setColor(Color.WHITE);
        g.fillRoundRect(m, m / 2, size - 2 * m, size - m, m, m);
        g.setColor(colour);
        g.setStroke(new java.awt.BasicStroke(Math.max(1, size / 60f)));
        g.drawRoundRect(m, m / 2, size - 2 * m, size - m, m, m);
        g.fillRect(m, size - m * 3, size - 2 * m, m * 2);
        g.setColor(Color.WHITE);
        String label = (extension == null ? type.code() : extension).toUpperCase(Locale.ROOT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, m)));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(label, (size - fm.stringWidth(label)) / 2, size - m * 2 + fm.getAscent() / 2 - 1);
        g.setColor(colour);
        String name = type.code();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, m * 3 / 4)));
        fm = g.getFontMetrics();
        g.drawString(name, (size - fm.stringWidth(name)) / 2, size / 2);
        g.dispose();
        return img;
    }
}
