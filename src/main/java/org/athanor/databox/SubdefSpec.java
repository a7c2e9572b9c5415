package org.athanor.databox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How one subdefinition is made for one type group of a databox ({@code <subdef>} in Phraseanet's structure XML).
 *
 * <p>{@code dpi} and {@code meta} are the values Athanor uses. Phraseanet spells them {@code <dpi>} or
 * {@code <resolution>}, {@code <meta>} or {@code <writeDatas>}; the element found is also kept in {@code options}
 * so that the XML written back has Phraseanet's shape.
 *
 * @param group        record type the subdef is made for; never {@link RecordType#UNKNOWN}
 * @param name         subdef name, unique within the group, e.g. {@code preview_mobile}
 * @param subdefClass  what the subdef is for
 * @param mediatype    what is produced: image, video, audio, gif, pdf or flexpaper
 * @param downloadable whether users may download the subdef
 * @param size         longest side in pixels, 16..10000; null when not set
 * @param quality      compression quality 1..100; null when not set
 * @param dpi          resolution written in the file; null when not set
 * @param strip        whether metadata are stripped from the file; null when not set
 * @param meta         whether Phraseanet metadata are written into the file; null when not set
 * @param method       resize method, e.g. {@code resample}; null when not set
 * @param devices      devices the subdef is meant for, e.g. {@code screen}, {@code handheld}
 * @param options      every other setting, keyed by Phraseanet's element name (bitrate, acodec, GOPsize, ...)
 * @param labels       label per interface language (en, fr, de, nl)
 */
public record SubdefSpec(RecordType group, String name, SubdefClass subdefClass, String mediatype, boolean downloadable,
        Integer size, Integer quality, Integer dpi, Boolean strip, Boolean meta, String method, List<String> devices,
        Map<String, String> options, Map<String, String> labels) {

    /** The media types Phraseanet 4.0 can produce. */
    public static final List<String> MEDIATYPES = List.of("image", "video", "audio", "gif", "pdf", "flexpaper");

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern DEVICE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern OPTION = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    public SubdefSpec {
        if (group == null || group == RecordType.UNKNOWN) {
            throw new StructureException("subdef '" + name + "': type group '" + (group == null ? null : group.code())
                    + "' is invalid; expected one of image, video, audio, document, flash");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new StructureException("subdef name '" + name + "' in group '" + group.code()
                    + "' is invalid: use 1 to 64 lowercase letters, digits and _, starting with a letter (e.g. 'preview_hd')");
        }
        String where = "subdef '" + group.code() + "/" + name + "'";
        if (subdefClass == null) {
            throw new StructureException(where + ": class is missing; expected one of thumbnail, preview, document");
        }
        if (mediatype == null || !MEDIATYPES.contains(mediatype)) {
            throw new StructureException(where + ": mediatype '" + mediatype + "' is invalid; expected one of "
                    + String.join(", ", MEDIATYPES));
        }
        if (size != null && (size < 16 || size > 10_000)) {
            throw new StructureException(where + ": size " + size + " px is outside 16..10000");
        }
        if (quality != null && (quality < 1 || quality > 100)) {
            throw new StructureException(where + ": quality " + quality + " is outside 1..100");
        }
        method = method == null || method.isBlank() ? null : method.strip();
        if (method != null && method.length() > 32) {
            throw new StructureException(where + ": method '" + method + "' is longer than 32 characters");
        }
        List<String> deviceCopy = new ArrayList<>();
        for (String device : devices == null ? List.<String>of() : devices) {
            if (device == null || !DEVICE.matcher(device).matches()) {
                throw new StructureException(where + ": device '" + device
                        + "' is invalid; expected a lowercase word such as screen, handheld or print");
            }
            if (deviceCopy.contains(device)) {
                throw new StructureException(where + ": device '" + device + "' is listed twice");
            }
            deviceCopy.add(device);
        }
        if (String.join(",", deviceCopy).length() > 255) {
            throw new StructureException(where + ": devices take more than 255 characters");
        }
        devices = List.copyOf(deviceCopy);
        Map<String, String> optionCopy = new LinkedHashMap<>();
        (options == null ? Map.<String, String>of() : options).forEach((key, value) -> {
            if (key == null || !OPTION.matcher(key).matches()) {
                throw new StructureException(where + ": option name '" + key
                        + "' is invalid; expected an XML element name such as 'bitrate'");
            }
            if (value == null) {
                throw new StructureException(where + ": option '" + key + "' has no value");
            }
            optionCopy.put(key, value.strip());
        });
        options = Collections.unmodifiableMap(optionCopy);
        if (dpi == null && options.containsKey("resolution")) {
            dpi = parseInt(options.get("resolution"), where + ": option resolution");
        }
        if (meta == null && options.containsKey("writeDatas")) {
            meta = parseYesNo(options.get("writeDatas"), where + ": option writeDatas");
        }
        if (dpi != null && (dpi < 1 || dpi > 10_000)) {
            throw new StructureException(where + ": dpi " + dpi + " is outside 1..10000");
        }
        labels = Labels.check(labels, where);
    }

    private static Integer parseInt(String text, String where) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new StructureException(where + " '" + text + "' is invalid; expected a whole number");
        }
    }

    private static Boolean parseYesNo(String text, String where) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "" -> null;
            case "yes", "true", "1", "on" -> true;
            case "no", "false", "0", "off" -> false;
            default -> throw new StructureException(where + " '" + text + "' is invalid; expected yes or no");
        };
    }

    /** Return {@code group/name}, e.g. {@code image/preview}, as messages and logs show a subdef. */
    public String path() {
        return group.code() + "/" + name;
    }
}
