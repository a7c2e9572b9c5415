package org.athanor.databox;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One metadata field of a databox structure ({@code <description>} child in Phraseanet's structure XML).
 *
 * @param name       field name, case kept ({@code CameraModel}); 1 to 64 letters, digits and _, starting with a letter
 * @param src        metadata tag the field is filled from, e.g. {@code IPTC:Keywords}; empty when none
 * @param type       value type
 * @param multi      whether the field holds several values
 * @param readonly   whether users may not edit the field
 * @param required   whether a value is mandatory
 * @param business   whether the field is a business field (hidden from users without the right)
 * @param indexable  whether the search engine indexes the field
 * @param aggregable number of facet values shown; 0 = not a facet, -1 = all values
 * @param thumbtitle language the field is the thumbnail title for ({@code 1} = all languages); null when none
 * @param separator  characters separating values of a multi field when read as text; default {@code ;}
 * @param tbranch    thesaurus branch (XPath) the field is linked to; null when none
 * @param dcesElement Dublin Core element the field maps to, e.g. {@code Title}; null when none
 * @param labels     label per interface language (en, fr, de, nl)
 * @param position   display order, 0 first
 */
public record StructureField(String name, String src, FieldType type, boolean multi, boolean readonly, boolean required,
        boolean business, boolean indexable, int aggregable, String thumbtitle, String separator, String tbranch,
        String dcesElement, Map<String, String> labels, int position) {

    /** The separator Phraseanet uses when none is given. */
    public static final String DEFAULT_SEPARATOR = ";";

    /** The fifteen Dublin Core element set names a field may map to. */
    public static final Set<String> DCES_ELEMENTS = Set.of("Contributor", "Coverage", "Creator", "Date", "Description",
            "Format", "Identifier", "Language", "Publisher", "Relation", "Rights", "Source", "Subject", "Title", "Type");

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern SRC = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*:[A-Za-z0-9][A-Za-z0-9_.-]*");

    public StructureField {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new StructureException("field name '" + name + "' is invalid: use 1 to 64 letters, digits and _,"
                    + " starting with a letter (e.g. 'CameraModel')");
        }
        String where = "field '" + name + "'";
        src = src == null ? "" : src.trim();
        if (!src.isEmpty() && (src.length() > 128 || !SRC.matcher(src).matches())) {
            throw new StructureException(where + ": src '" + src + "' is invalid: expected a metadata tag"
                    + " 'Group:Tag' such as 'IPTC:Keywords', 'XMP-dc:Title' or 'Phraseanet:tf-basename', or nothing");
        }
        if (type == null) {
            type = FieldType.STRING;
        }
        if (aggregable < -1) {
            throw new StructureException(where + ": aggregable " + aggregable
                    + " is invalid: expected 0 (no facet), a number of values, or -1 (all values)");
        }
        thumbtitle = thumbtitle == null || thumbtitle.isBlank() || thumbtitle.strip().equals("0") ? null : thumbtitle.strip();
        if (thumbtitle != null && thumbtitle.length() > 64) {
            throw new StructureException(where + ": thumbtitle '" + thumbtitle
                    + "' is too long: expected '1' or a language code");
        }
        if (separator == null || separator.isEmpty()) {
            separator = DEFAULT_SEPARATOR;
        }
        if (separator.length() > 16) {
            throw new StructureException(where + ": separator '" + separator + "' is longer than 16 characters");
        }
        tbranch = tbranch == null || tbranch.isBlank() ? null : tbranch.strip();
        if (tbranch != null && tbranch.length() > 255) {
            throw new StructureException(where + ": tbranch is longer than 255 characters");
        }
        if (dcesElement != null && dcesElement.isBlank()) {
            dcesElement = null;
        }
        if (dcesElement != null) {
            String wanted = dcesElement.trim();
            dcesElement = DCES_ELEMENTS.stream().filter(e -> e.equalsIgnoreCase(wanted)).findFirst()
                    .orElseThrow(() -> new StructureException(where + ": Dublin Core element '" + wanted
                            + "' is unknown; expected one of " + String.join(", ", DCES_ELEMENTS.stream().sorted().toList())));
        }
        labels = Labels.check(labels, where);
        if (position < 0) {
            throw new StructureException(where + ": position " + position + " is negative; positions start at 0");
        }
    }

    /** Return a minimal field: a string with no source, indexable, at the given position. */
    public static StructureField of(String name, int position) {
        return new StructureField(name, "", FieldType.STRING, false, false, false, false, true, 0, null,
                DEFAULT_SEPARATOR, null, null, Map.of(), position);
    }

    /** Return the name lowercased, the key under which names must be unique in a structure. */
    String key() {
        return name.toLowerCase(Locale.ROOT);
    }
}
