package org.athanor.media;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.Tag;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.tika.Tika;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;
import org.athanor.databox.RecordType;
import org.athanor.programs.ExternalProgram;

/**
 * Reads what a file is and says: media type from its content (Apache Tika), metadata (ExifTool when installed, else
 * metadata-extractor), technical data (plus ffprobe for video and audio) and its UUID. Never decodes pixels.
 */
public final class MediaReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Tika TIKA = new Tika();
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,12}");
    private static final List<String> GENERIC = List.of("application/octet-stream", "text/plain", "application/zip",
            "application/x-tika-ooxml", "application/x-tika-msoffice", "application/xml", "application/x-tika-ooxml-protected");
    private static final List<String> UUID_TAGS = List.of("XMP-exif:ImageUniqueID", "IPTC:UniqueDocumentID",
            "ExifIFD:ImageUniqueID", "XMP-xmpMM:DocumentID", "XMP-xmpMM:InstanceID");

    private final Tools tools;
    private final ExifTool exiftool;
    private final Map<String, String> extensionMapping;

    /**
     * A reader using {@code exiftool} when not null, and {@code extensionMapping} (extension → media type) when the
     * content alone does not tell the type.
     */
    public MediaReader(Tools tools, ExifTool exiftool, Map<String, String> extensionMapping) {
        this.tools = tools;
        this.exiftool = exiftool;
        this.extensionMapping = Map.copyOf(extensionMapping);
    }

    /**
     * Read {@code file}, whose name as given by its owner is {@code originalName}.
     *
     * @throws MediaException when the file cannot be read
     */
    public MediaInfo read(Path file, String originalName) {
        try {
            long size = Files.size(file);
            String mime = detect(file, originalName);
            RecordType type = typeOf(mime);
            String extension = extension(originalName, mime);
            Map<String, List<String>> tags = exiftool != null ? exiftoolTags(file) : extractorTags(file);
            Map<String, String> tech = new LinkedHashMap<>();
            tech.put("MimeType", mime);
            tech.put("FileSize", String.valueOf(size));
            Integer[] wh = dimensions(tags);
            if (wh[0] == null && type == RecordType.IMAGE) wh = imageIoDimensions(file);
            if (type == RecordType.VIDEO || type == RecordType.AUDIO) ffprobe(file, tech);
            if (wh[0] == null && tech.containsKey("Width")) {
                wh = new Integer[] {Integer.valueOf(tech.get("Width")), Integer.valueOf(tech.get("Height"))};
            }
            if (wh[0] != null) {
                tech.put("Width", wh[0].toString());
                tech.put("Height", wh[1].toString());
            }
            imageTechnical(tags, tech);
            return new MediaInfo(mime, type, extension, size, wh[0], wh[1], tags, tech, uuid(tags));
        } catch (IOException e) {
            throw new MediaException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Return the media type of a file: its content first, then its name, then the configured extension mapping. */
    public String detect(Path file, String name) throws IOException {
        String byContent;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            byContent = TIKA.detect(in);
        }
        if (!GENERIC.contains(byContent)) return byContent;
        String ext = extensionOf(name);
        if (ext != null && extensionMapping.containsKey(ext)) return extensionMapping.get(ext);
        String byName = TIKA.detect(name == null ? "" : name);
        if (!byName.equals("application/octet-stream") && (byContent.equals("application/octet-stream")
                || byContent.startsWith("application/x-tika") || byContent.equals("application/zip")
                || byName.startsWith("text/") || byName.contains("xml"))) {
            return byName;
        }
        return byContent;
    }

    /** Return the record type group of a media type. */
    public static RecordType typeOf(String mime) {
        String m = mime.toLowerCase(Locale.ROOT);
        if (m.equals("application/x-shockwave-flash") || m.equals("application/vnd.adobe.flash-movie")) return RecordType.FLASH;
        if (m.startsWith("image/")) return RecordType.IMAGE;
        if (m.startsWith("video/") || m.equals("application/mxf")) return RecordType.VIDEO;
        if (m.startsWith("audio/")) return RecordType.AUDIO;
        if (m.equals("application/pdf") || m.equals("application/postscript") || m.equals("application/rtf")
                || m.startsWith("application/msword") || m.startsWith("application/vnd.ms-")
                || m.startsWith("application/vnd.openxmlformats-officedocument") || m.startsWith("application/vnd.oasis.opendocument")
                || m.startsWith("text/")) {
            return RecordType.DOCUMENT;
        }
        return RecordType.UNKNOWN;
    }

    /** Return the lowercase extension of a file name, or null when it has none usable. */
    public static String extensionOf(String name) {
        if (name == null) return null;
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) return null;
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return EXTENSION.matcher(ext).matches() ? ext : null;
    }

    private static String extension(String name, String mime) {
        String ext = extensionOf(name);
        if (ext != null) return ext;
        try {
            String e = MimeTypes.getDefaultMimeTypes().forName(mime).getExtension();
            if (e != null && e.startsWith(".") && EXTENSION.matcher(e.substring(1)).matches()) return e.substring(1);
        } catch (MimeTypeException ignored) {
            // an unknown type: no extension
        }
        return "bin";
    }

    private Map<String, List<String>> exiftoolTags(Path file) throws IOException {
        ExifTool.Answer a = exiftool.execute(List.of("-j", "-G1", "-n", "-api", "largefilesupport=1", file.toString()));
        Map<String, List<String>> tags = new LinkedHashMap<>();
        if (a.out().isBlank()) return tags;
        JsonNode root = JSON.readTree(a.out());
        JsonNode obj = root.isArray() && root.size() > 0 ? root.get(0) : root;
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            if (e.getKey().startsWith("System:") || e.getKey().equals("SourceFile")) continue;
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) e.getValue().forEach(v -> values.add(v.asText()));
            else values.add(e.getValue().asText());
            values.removeIf(v -> v.startsWith("(Binary data") || v.startsWith("base64:"));
            if (!values.isEmpty()) tags.put(e.getKey(), values);
        }
        signGps(tags, "GPS:GPSLatitude", "S");
        signGps(tags, "GPS:GPSLongitude", "W");
        return tags;
    }

    private static void signGps(Map<String, List<String>> tags, String tag, String negative) {
        List<String> v = tags.get(tag);
        List<String> ref = tags.get(tag + "Ref");
        if (v == null || ref == null || v.isEmpty() || ref.isEmpty()) return;
        if (ref.get(0).toUpperCase(Locale.ROOT).startsWith(negative) && !v.get(0).startsWith("-")) tags.put(tag, List.of("-" + v.get(0)));
    }

    /** Map metadata-extractor's directories to ExifTool's group and tag names (the common ones). */
    private static Map<String, List<String>> extractorTags(Path file) {
        Map<String, List<String>> tags = new LinkedHashMap<>();
        Metadata metadata;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            metadata = ImageMetadataReader.readMetadata(in);
        } catch (Exception e) {
            return tags;   // not a format metadata-extractor knows: no metadata
        }
        for (Directory d : metadata.getDirectories()) {
            String group = d instanceof ExifIFD0Directory ? "IFD0" : d instanceof ExifSubIFDDirectory ? "ExifIFD"
                    : d instanceof GpsDirectory ? "GPS" : d instanceof IptcDirectory ? "IPTC" : null;
            if (d instanceof XmpDirectory x) {
                x.getXmpProperties().forEach((k, v) -> {
                    int colon = k.indexOf(':');
                    if (colon < 0) return;
                    String name = k.substring(colon + 1).replaceAll("\\[\\d+]$", "").replaceAll("\\[.*$", "");
                    if (name.isEmpty() || name.contains("/")) return;
                    String key = "XMP-" + k.substring(0, colon) + ":" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
                    tags.computeIfAbsent(key, n -> new ArrayList<>()).add(v);
                });
                continue;
            }
            if (group == null) {
                continue;
            }
            for (Tag t : d.getTags()) {
                String name = t.getTagName().replace("/", "-").replace(" ", "");
                if (d instanceof IptcDirectory && name.equals("Keywords")) {
                    String[] kw = d.getStringArray(t.getTagType());
                    if (kw != null) tags.put("IPTC:Keywords", List.of(kw));
                    continue;
                }
                if (d instanceof IptcDirectory && name.equals("By-line")) name = "By-line";
                String v = d instanceof GpsDirectory || d instanceof IptcDirectory || t.getTagType() == ExifIFD0Directory.TAG_ORIENTATION
                        ? d.getString(t.getTagType()) : t.getDescription();
                if (v != null) tags.put(group + ":" + name, new ArrayList<>(List.of(v.strip())));
            }
            if (d instanceof GpsDirectory gps) {
                GeoLocation g = gps.getGeoLocation();
                if (g != null) {
                    tags.put("GPS:GPSLatitude", List.of(String.valueOf(g.getLatitude())));
                    tags.put("GPS:GPSLongitude", List.of(String.valueOf(g.getLongitude())));
                }
            }
            if (d instanceof IptcDirectory) {
                tags.computeIfPresent("IPTC:Caption-Abstract", (k, v) -> v);
                List<String> date = tags.remove("IPTC:DateCreated");
                if (date != null) tags.put("IPTC:DateCreated", List.of(date.get(0).replaceAll("^(\\d{4})(\\d{2})(\\d{2}).*", "$1:$2:$3")));
            }
        }
        return tags;
    }

    private static Integer[] dimensions(Map<String, List<String>> tags) {
        List<String> size = tags.get("Composite:ImageSize");
        if (size != null && !size.isEmpty()) {
            String[] p = size.get(0).split("[ x]");
            if (p.length == 2 && p[0].matches("\\d+") && p[1].matches("\\d+")) return new Integer[] {Integer.valueOf(p[0]), Integer.valueOf(p[1])};
        }
        for (String g : List.of("File", "PNG", "GIF", "BMP", "IFD0", "ExifIFD")) {
            String w = first(tags, g + ":ImageWidth");
            String h = first(tags, g + ":ImageHeight");
            if (w != null && h != null && w.matches("\\d+") && h.matches("\\d+")) return new Integer[] {Integer.valueOf(w), Integer.valueOf(h)};
        }
        return new Integer[] {null, null};
    }

    private static Integer[] imageIoDimensions(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) return new Integer[] {null, null};
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return new Integer[] {null, null};
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                return new Integer[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return new Integer[] {null, null};
        }
    }

    private static void imageTechnical(Map<String, List<String>> tags, Map<String, String> tech) {
        String orientation = first(tags, "IFD0:Orientation");
        if (orientation != null && orientation.matches("[1-8]")) tech.put("Orientation", orientation);
        String bits = firstOf(tags, "File:BitsPerSample", "PNG:BitDepth", "IFD0:BitsPerSample", "GIF:BitsPerPixel");
        if (bits != null) tech.put("ColorDepth", bits.split(" ")[0]);
        String icc = first(tags, "ICC_Profile:ColorSpaceData");
        String components = first(tags, "File:ColorComponents");
        String pngType = first(tags, "PNG:ColorType");
        String photometric = first(tags, "IFD0:PhotometricInterpretation");
        String space = null;
        if (icc != null) space = icc.strip().toUpperCase(Locale.ROOT);
        else if (components != null) space = switch (components) { case "1" -> "GRAY"; case "4" -> "CMYK"; default -> "RGB"; };
        else if (pngType != null) space = pngType.equals("0") || pngType.equals("4") ? "GRAY" : "RGB";
        else if (photometric != null) space = photometric.equals("0") || photometric.equals("1") ? "GRAY" : photometric.equals("5") ? "CMYK" : "RGB";
        if (space != null) tech.put("ColorSpace", space);
        if (components != null) tech.put("Channels", components);
        else if (pngType != null) tech.put("Channels", switch (pngType) { case "0" -> "1"; case "4" -> "2"; case "6" -> "4"; default -> "3"; });
        String pages = firstOf(tags, "PDF:PageCount", "XMP-pdf:PageCount");
        if (pages != null) tech.put("PageCount", pages);
        if (!tech.containsKey("Duration")) {
            String d = firstOf(tags, "Composite:Duration", "QuickTime:Duration", "RIFF:Duration", "Matroska:Duration");
            if (d != null && d.matches("[0-9.]+")) tech.put("Duration", d);
        }
        putIf(tech, "CameraModel", first(tags, "IFD0:Model"));
        putIf(tech, "Latitude", first(tags, "GPS:GPSLatitude"));
        putIf(tech, "Longitude", first(tags, "GPS:GPSLongitude"));
        putIf(tech, "ISO", first(tags, "ExifIFD:ISO"));
        putIf(tech, "FocalLength", first(tags, "ExifIFD:FocalLength"));
        putIf(tech, "Aperture", first(tags, "ExifIFD:FNumber"));
        putIf(tech, "ShutterSpeed", first(tags, "ExifIFD:ExposureTime"));
    }

    private void ffprobe(Path file, Map<String, String> tech) {
        Optional<Path> probe = tools.find("ffprobe");
        if (probe.isEmpty()) return;
        ExternalProgram.Result r = tools.program("ffprobe", List.of(probe.get().toString(), "-v", "error", "-print_format", "json", "-show_format",
                "-show_streams", file.toString())).run();
        if (r.exitCode() != 0) return;
        try {
            JsonNode root = JSON.readTree(r.out());
            JsonNode format = root.path("format");
            if (format.has("duration")) tech.put("Duration", format.get("duration").asText());
            if (format.has("bit_rate")) tech.put("Bitrate", format.get("bit_rate").asText());
            for (JsonNode s : root.path("streams")) {
                String kind = s.path("codec_type").asText();
                if (kind.equals("video") && !tech.containsKey("VideoCodec") && s.path("disposition").path("attached_pic").asInt() == 0) {
                    tech.put("VideoCodec", s.path("codec_name").asText());
                    if (s.has("width")) {
                        tech.put("Width", s.get("width").asText());
                        tech.put("Height", s.get("height").asText());
                    }
                    String rate = s.path("avg_frame_rate").asText("0/0");
                    String[] p = rate.split("/");
                    if (p.length == 2 && !p[1].equals("0")) {
                        tech.put("FrameRate", String.format(Locale.ROOT, "%.3f", Double.parseDouble(p[0]) / Double.parseDouble(p[1])));
                    }
                } else if (kind.equals("audio") && !tech.containsKey("AudioCodec")) {
                    tech.put("AudioCodec", s.path("codec_name").asText());
                    if (s.has("sample_rate")) tech.put("AudioSamplerate", s.get("sample_rate").asText());
                    if (s.has("channels")) tech.put("Channels", s.get("channels").asText());
                }
            }
        } catch (IOException | RuntimeException e) {
            // ffprobe printed something else than its JSON: keep what ExifTool said
        }
    }

    private static Optional<String> uuid(Map<String, List<String>> tags) {
        for (String t : UUID_TAGS) {
            String v = first(tags, t);
            if (v == null) continue;
            String s = v.toLowerCase(Locale.ROOT).replaceFirst("^(urn:)?(uuid:|xmp\\.did:|xmp\\.iid:|adobe:docid:photoshop:)", "").strip();
            if (s.matches("[0-9a-f]{32}")) s = s.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5");
            if (UUID.matcher(s).matches()) return Optional.of(s);
        }
        return Optional.empty();
    }

    private static String first(Map<String, List<String>> tags, String key) {
        List<String> v = tags.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String firstOf(Map<String, List<String>> tags, String... keys) {
        for (String k : keys) {
            String v = first(tags, k);
            if (v != null) return v;
        }
        return null;
    }

    private static void putIf(Map<String, String> m, String k, String v) {
        if (v != null && !v.isBlank()) m.put(k, v);
    }
}
