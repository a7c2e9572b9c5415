package org.athanor.search.lucene;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.athanor.search.IndexedRecord;
import org.athanor.search.query.DateRange;

/** Turns an {@link IndexedRecord} into the Lucene document of {@link Fields}. */
final class DocumentMapper {
    /** Longest value kept whole for {@code =}, sorting and facets; longer ones are searchable by their words only. */
    static final int MAX_EXACT = 4096;
    /** Technical data shown as the camera facet, first found wins. */
    static final java.util.List<String> CAMERA_KEYS = java.util.List.of("CameraModel", "Model");

    /** Every facet dimension may hold several values per document. */
    static final FacetsConfig FACETS = new FacetsConfig() {
        @Override public DimConfig getDimConfig(String dimName) {
            DimConfig c = new DimConfig();
            c.multiValued = true;
            return c;
        }
    };

    private DocumentMapper() {}

    static Document map(IndexedRecord r) throws IOException {
        Document d = new Document();
        int sbas = r.databox().value();
        long rid = r.record().value();
        d.add(new StringField(Fields.ID, Fields.id(sbas, rid), Field.Store.NO));
        d.add(new KeywordField(Fields.SBAS, String.valueOf(sbas), Field.Store.YES));
        d.add(new KeywordField(Fields.BASE, String.valueOf(r.collection().value()), Field.Store.YES));
        d.add(new LongField(Fields.RECORD, rid, Field.Store.YES));
        d.add(new KeywordField(Fields.TYPE, r.type(), Field.Store.NO));
        if (r.mime() != null) d.add(new KeywordField(Fields.MIME, r.mime().toLowerCase(Locale.ROOT), Field.Store.NO));
        d.add(new KeywordField(Fields.STORY, String.valueOf(r.story()), Field.Store.YES));
        for (Long m : r.members()) d.add(new KeywordField(Fields.MEMBER, String.valueOf(m), Field.Store.NO));
        if (r.uuid() != null) d.add(new KeywordField(Fields.UUID, r.uuid().toLowerCase(Locale.ROOT), Field.Store.NO));
        if (r.sha256() != null) d.add(new KeywordField(Fields.SHA256, r.sha256().toLowerCase(Locale.ROOT), Field.Store.NO));
        if (r.originalName() != null) {
            d.add(new KeywordField(Fields.NAME, r.originalName(), Field.Store.NO));
            d.add(new TextField(Fields.ALL, r.originalName(), Field.Store.NO));
        }
        d.add(new StoredField(Fields.STATUS, r.status()));
        for (int bit = 0; bit < 64; bit++) if ((r.status() & (1L << bit)) != 0) d.add(new IntField(Fields.BIT, bit, Field.Store.NO));
        if (r.created() != null) d.add(new LongField(Fields.CREATED, r.created().toEpochMilli(), Field.Store.NO));
        if (r.updated() != null) d.add(new LongField(Fields.UPDATED, r.updated().toEpochMilli(), Field.Store.NO));
        d.add(new StoredField(Fields.TITLE, r.title() == null ? "" : r.title()));

        d.add(new SortedSetDocValuesFacetField(Fields.F_COLLECTION, String.valueOf(r.collection().value())));
        d.add(new SortedSetDocValuesFacetField(Fields.F_DATABASE, String.valueOf(sbas)));
        d.add(new SortedSetDocValuesFacetField(Fields.F_TYPE, r.story() ? "story" : r.type()));
        if (r.mime() != null && !r.mime().isBlank()) d.add(new SortedSetDocValuesFacetField(Fields.F_MIME, r.mime().toLowerCase(Locale.ROOT)));

        for (IndexedRecord.Field f : r.caption()) {
            String words = f.business() ? Fields.BUSINESS : Fields.ALL;
            for (String v : f.values()) {
                if (v == null || v.isBlank()) continue;
                d.add(new TextField(Fields.text(f.name()), v, Field.Store.YES));
                d.add(new TextField(words, v, Field.Store.NO));
                if (v.length() <= MAX_EXACT) d.add(new KeywordField(Fields.exact(f.name()), v, Field.Store.NO));
                switch (f.type()) {
                    case DATE -> DateRange.parse(v).ifPresent(range -> d.add(new LongField(Fields.date(f.name()), range.start(), Field.Store.NO)));
                    case NUMBER -> number(v).ifPresent(n -> d.add(new DoubleField(Fields.number(f.name()), n, Field.Store.NO)));
                    default -> { }
                }
                if (f.aggregable() != 0 && !f.business() && v.length() <= 256)
                    d.add(new SortedSetDocValuesFacetField(Fields.facet(f.name()), v.strip()));
            }
        }
        boolean camera = false;
        for (Map.Entry<String, String> t : r.technical().entrySet()) {
            String v = t.getValue();
            if (v == null || v.isBlank()) continue;
            if (v.length() <= MAX_EXACT) d.add(new KeywordField(Fields.meta(t.getKey()), v.strip().toLowerCase(Locale.ROOT), Field.Store.NO));
            d.add(new TextField(Fields.metaText(t.getKey()), v, Field.Store.NO));
            number(v).ifPresent(n -> d.add(new DoubleField(Fields.metaNumber(t.getKey()), n, Field.Store.NO)));
        }
        for (String key : CAMERA_KEYS) {
            String v = r.technical().get(key);
            if (!camera && v != null && !v.isBlank() && v.length() <= 256) {
                d.add(new SortedSetDocValuesFacetField(Fields.F_CAMERA, v.strip()));
                camera = true;
            }
        }
        return FACETS.build(d);
    }

    /** A number written with a dot or a comma as decimal separator; empty when the text is not one. */
    static java.util.Optional<Double> number(String text) {
        String t = text.strip().replace(',', '.');
        if (!t.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) return java.util.Optional.empty();
        try {
            double v = Double.parseDouble(t);
            return Double.isFinite(v) ? java.util.Optional.of(v) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
