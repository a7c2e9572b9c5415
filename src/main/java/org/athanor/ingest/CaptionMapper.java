package org.athanor.ingest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.athanor.databox.FieldType;
import org.athanor.ids.RecordId;
import org.athanor.databox.StructureField;
import org.athanor.media.MediaInfo;

/**
 * Fills caption fields from a document's metadata by their {@code src}: a tag ({@code IPTC:Keywords},
 * {@code IFD0:Model}, {@code XMP-dc:Title}…) or one of Phraseanet's technical sources ({@code Phraseanet:tf-basename}…).
 * Dates become Phraseanet's {@code YYYY/MM/DD HH:MM:SS}; multi-valued fields are split on their separator.
 */
public final class CaptionMapper {
    /** Phraseanet's date format in captions. */
    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern DATE_TEXT = Pattern.compile(
            "^(\\d{4})[:/-](\\d{2})[:/-](\\d{2})(?:[ T](\\d{2}):(\\d{2})(?::(\\d{2}))?)?.*$");

    private CaptionMapper() {}

    /**
     * Return the values of each field that has some, by field name.
     *
     * @param originalName the file name as given (no folder)
     */
    public static Map<String, List<String>> map(List<StructureField> fields, MediaInfo info, String originalName, RecordId record,
                                                Instant now) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (StructureField f : fields) {
            if (f.src().isEmpty()) continue;
            List<String> raw = f.src().regionMatches(true, 0, "Phraseanet:", 0, 11)
                    ? technical(f.src().substring(11).toLowerCase(Locale.ROOT), info, originalName, record, now)
                    : info.tag(f.src());
            List<String> values = new ArrayList<>();
            for (String v : raw) {
                if (v == null) continue;
                String clean = v.replaceAll("[\\p{Cntrl}&&[^\n\t]]", "").strip();
                if (clean.isEmpty()) continue;
                if (f.multi()) {
                    for (String part : clean.split("[" + Pattern.quote(f.separator()) + "]")) {
                        String p = part.strip();
                        if (!p.isEmpty() && !values.contains(p)) values.add(p);
                    }
                } else {
                    values.add(f.type() == FieldType.DATE ? date(clean) : clean);
                }
            }
            if (values.isEmpty()) continue;
            if (!f.multi() && values.size() > 1) values = List.of(String.join(" ; ", values));
            out.put(f.name(), values);
        }
        return out;
    }

    /** Return a date text as {@code YYYY/MM/DD HH:MM:SS} (or {@code YYYY/MM/DD} without time); other text unchanged. */
    public static String date(String text) {
        Matcher m = DATE_TEXT.matcher(text.strip());
        if (!m.matches()) return text.strip();
        String d = m.group(1) + "/" + m.group(2) + "/" + m.group(3);
        if (m.group(4) == null) return d;
        return d + " " + m.group(4) + ":" + m.group(5) + ":" + (m.group(6) == null ? "00" : m.group(6));
    }

    private static List<String> technical(String name, MediaInfo info, String originalName, RecordId record, Instant now) {
        int dot = originalName.lastIndexOf('.');
        String value = switch (name) {
            case "tf-basename" -> dot > 0 ? originalName.substring(0, dot) : originalName;
            case "tf-filename" -> originalName;
            case "tf-extension" -> dot > 0 ? originalName.substring(dot + 1) : "";
            case "tf-mimetype" -> info.mime();
            case "tf-size" -> String.valueOf(info.size());
            case "tf-width" -> info.width() == null ? null : info.width().toString();
            case "tf-height" -> info.height() == null ? null : info.height().toString();
            case "tf-bits" -> info.technical().get("ColorDepth");
            case "tf-channels" -> info.technical().get("Channels");
            case "tf-duration" -> info.technical().get("Duration");
            case "tf-recordid" -> String.valueOf(record.value());
            case "tf-archivedate", "tf-editdate", "tf-chgdocdate" -> DATE.format(now);
            case "tf-filepath" -> "";
            default -> null;
        };
        return value == null || value.isEmpty() ? List.of() : List.of(value);
    }
}
