package org.athanor.search.lucene;

import java.util.Locale;

/** Names of the Lucene fields of a record's document; one place, shared by the mapper, the compiler and the benchmark. */
final class Fields {
    static final String ID = "id";               // "sbas:record", the key of updates and deletes
    static final String SBAS = "sbas";
    static final String BASE = "base";
    static final String RECORD = "rid";
    static final String TYPE = "type";
    static final String MIME = "mime";
    static final String STORY = "story";
    static final String MEMBER = "member";
    static final String UUID = "uuid";
    static final String SHA256 = "sha256";
    static final String NAME = "name";
    static final String STATUS = "status";
    static final String BIT = "bit";             // one value per status bit set
    static final String CREATED = "created";
    static final String UPDATED = "updated";
    static final String TITLE = "title";
    static final String ALL = "all";             // words of every field users may search, and the original name
    static final String BUSINESS = "biz";        // words of business fields: searched only where the user may edit

    // facet dimensions
    static final String F_COLLECTION = "collection";
    static final String F_DATABASE = "database";
    static final String F_TYPE = "type";
    static final String F_MIME = "mime";
    static final String F_CAMERA = "camera";

    private Fields() {}

    static String id(int sbas, long record) {
        return sbas + ":" + record;
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Words of one caption field (stored: hits show and highlight them). */
    static String text(String field) { return "t." + key(field); }
    /** The whole value of one caption field, for {@code =}, sorting and facets. */
    static String exact(String field) { return "k." + key(field); }
    static String date(String field) { return "d." + key(field); }
    static String number(String field) { return "n." + key(field); }
    static String facet(String field) { return "f." + key(field); }
    /** A technical datum: its value lowercased, its words, and its number when it is one. */
    static String meta(String name) { return "m." + key(name); }
    static String metaText(String name) { return "mt." + key(name); }
    static String metaNumber(String name) { return "mn." + key(name); }
}
