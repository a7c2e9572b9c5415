package org.athanor.search.lucene;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.athanor.appbox.Rights.StatusMask;
import org.athanor.ids.BaseId;
import org.athanor.databox.FieldType;
import org.athanor.databox.RecordType;
import org.athanor.search.SearchCatalog;
import org.athanor.search.SearchCatalog.FieldIn;
import org.athanor.search.SearchCatalog.FlagIn;
import org.athanor.search.SearchScope;
import org.athanor.search.query.DateRange;
import org.athanor.search.query.Query.And;
import org.athanor.search.query.Query.Condition;
import org.athanor.search.query.Query.Except;
import org.athanor.search.query.Query.FieldKey;
import org.athanor.search.query.Query.Flag;
import org.athanor.search.query.Query.MatchAll;
import org.athanor.search.query.Query.MetaKey;
import org.athanor.search.query.Query.NativeKey;
import org.athanor.search.query.Query.Operator;
import org.athanor.search.query.Query.Or;
import org.athanor.search.query.Query.Text;
import org.athanor.search.query.QuerySyntaxException;

/**
 * Translates a {@link org.athanor.search.query.Query} into a Lucene query over the fields of {@link DocumentMapper},
 * checked against the catalog, with the user's rights as a filter: only collections of the scope, each through its
 * status mask, and business fields only in collections the user may edit.
 */
final class QueryCompiler {
    private final String text;
    private final SearchCatalog catalog;
    private final SearchScope scope;
    private final QueryBuilder builder;
    private final boolean businessFields;   // any business field in the databoxes searched: else free text skips the business words

    QueryCompiler(String text, SearchCatalog catalog, SearchScope scope, Analyzer analyzer) {
        this.text = text;
        this.catalog = catalog;
        this.scope = scope;
        this.builder = new QueryBuilder(analyzer);
        this.businessFields = catalog.databoxes().stream().anyMatch(d -> d.structure().fields().stream().anyMatch(f -> f.business()));
    }

    /** The query with the rights filter, and the collections filter of the request (which never widens the rights). */
    Query compile(org.athanor.search.query.Query query, Set<BaseId> onlyCollections) {
        Query rights = rights(onlyCollections);
        Query q = translate(query);
        return new BooleanQuery.Builder().add(q, Occur.MUST).add(rights, Occur.FILTER).build();
    }

    /** Records the scope shows: {@code base IN (…)} per group of collections with the same mask, the mask's bits as conditions. */
    Query rights(Set<BaseId> onlyCollections) {
        Map<StatusMask, List<BaseId>> byMask = new HashMap<>();
        scope.collections().forEach((base, mask) -> {
            if (onlyCollections.isEmpty() || onlyCollections.contains(base)) byMask.computeIfAbsent(mask, m -> new ArrayList<>()).add(base);
        });
        if (byMask.isEmpty()) return new MatchNoDocsQuery("no collection visible");
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (Map.Entry<StatusMask, List<BaseId>> e : byMask.entrySet()) {
            BooleanQuery.Builder group = new BooleanQuery.Builder().add(bases(e.getValue()), Occur.FILTER);
            long and = e.getKey().and();
            long xor = e.getKey().xor();
            for (int bit = 0; bit < 64; bit++) {
                if ((and & (1L << bit)) == 0) continue;
                group.add(IntField.newExactQuery(Fields.BIT, bit), (xor & (1L << bit)) != 0 ? Occur.FILTER : Occur.MUST_NOT);
            }
            if (and != 0) group.add(new MatchAllDocsQuery(), Occur.FILTER);   // a group of MUST_NOT alone would match nothing
            any.add(group.build(), Occur.SHOULD);
        }
        return any.build();
    }

    private static Query bases(java.util.Collection<BaseId> bases) {
        return KeywordField.newSetQuery(Fields.BASE, bases.stream().map(b -> new BytesRef(String.valueOf(b.value()))).toList());
    }

    private Query translate(org.athanor.search.query.Query q) {
        if (q instanceof MatchAll) return new MatchAllDocsQuery();
        if (q instanceof Text t) return words(t.text(), t.phrase(), Fields.ALL, Fields.BUSINESS, t.position());
        if (q instanceof And a) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            for (var o : a.operands()) b.add(translate(o), Occur.MUST);
            return b.build();
        }
        if (q instanceof Or o) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            for (var x : o.operands()) b.add(translate(x), Occur.SHOULD);
            return b.build();
        }
        if (q instanceof Except e) {
            return new BooleanQuery.Builder().add(translate(e.include()), Occur.MUST).add(translate(e.exclude()), Occur.MUST_NOT).build();
        }
        if (q instanceof Flag f) return flag(f);
        if (q instanceof Condition c) return condition(c);
        throw new IllegalStateException(q.toString());
    }

    // --- free text

    /** Words of {@code value} in a words field; in the business field too, limited to the collections where the user sees them. */
    private Query words(String value, boolean phrase, String field, String businessField, int position) {
        Query main = analyzed(field, value, phrase, position);
        if (businessField == null || !businessFields || scope.businessFields().isEmpty()) return main;
        Query biz = new BooleanQuery.Builder().add(analyzed(businessField, value, phrase, position), Occur.MUST)
                .add(bases(scope.businessFields()), Occur.FILTER).build();
        return new BooleanQuery.Builder().add(main, Occur.SHOULD).add(biz, Occur.SHOULD).build();
    }

    private Query analyzed(String field, String value, boolean phrase, int position) {
        if (!phrase && value.length() > 1 && value.endsWith("*")) {
            String stem = value.substring(0, value.length() - 1);
            BytesRef folded = builder.getAnalyzer().normalize(field, stem);
            if (folded.length == 0) throw error(position, "'" + value + "' needs at least one letter or digit before the *.");
            return new PrefixQuery(new Term(field, folded));
        }
        Query q = phrase ? builder.createPhraseQuery(field, value) : builder.createBooleanQuery(field, value, Occur.MUST);
        return q == null ? new MatchNoDocsQuery("no word in '" + value + "'") : q;   // only punctuation: matches nothing
    }

    // --- flags

    private Query flag(Flag f) {
        List<FlagIn> bits = catalog.flag(f.name());
        if (bits.isEmpty()) {
            Set<String> known = new LinkedHashSet<>();
            for (var d : catalog.databoxes()) for (var b : d.structure().statusBits()) if (!b.labelOn().isBlank()) known.add(SearchCatalog.flagKey(b.labelOn()));
            throw error(f.position(), "unknown status flag.'" + f.name() + "'. "
                    + (known.isEmpty() ? "The databoxes searched define no status bit." : "Known flags: " + String.join(", ", known) + "."));
        }
        boolean sameBitEverywhere = bits.size() == catalog.databoxes().size()
                && bits.stream().allMatch(b -> b.bit().bit() == bits.get(0).bit().bit());
        if (sameBitEverywhere && f.set()) return IntField.newExactQuery(Fields.BIT, bits.get(0).bit().bit());
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (FlagIn in : bits) {
            BooleanQuery.Builder one = new BooleanQuery.Builder()
                    .add(KeywordField.newExactQuery(Fields.SBAS, String.valueOf(in.databox().id().value())), Occur.FILTER);
            one.add(IntField.newExactQuery(Fields.BIT, in.bit().bit()), f.set() ? Occur.FILTER : Occur.MUST_NOT);
            any.add(one.build(), Occur.SHOULD);
        }
        return any.build();
    }

    // --- conditions

    private Query condition(Condition c) {
        if (c.key() instanceof NativeKey n) return nativeKey(n, c);
        if (c.key() instanceof MetaKey m) return meta(m.name(), c);
        return field(((FieldKey) c.key()).name(), c);
    }

    private Query nativeKey(NativeKey key, Condition c) {
        String v = c.value();
        switch (key) {
            case DATABASE -> {
                var found = catalog.databoxes().stream()
                        .filter(d -> d.name().equalsIgnoreCase(v) || String.valueOf(d.id().value()).equals(v)).toList();
                if (found.isEmpty()) throw error(c.position(), "unknown database '" + v + "'. Databases searched: "
                        + catalog.databoxes().stream().map(d -> d.name() + " (" + d.id().value() + ")").collect(Collectors.joining(", ")) + ".");
                return KeywordField.newSetQuery(Fields.SBAS, found.stream().map(d -> new BytesRef(String.valueOf(d.id().value()))).toList());
            }
            case COLLECTION -> {
                Set<BaseId> found = new LinkedHashSet<>();
                List<String> known = new ArrayList<>();
                for (var d : catalog.databoxes())
                    d.collections().forEach((base, name) -> {
                        known.add(name + " (" + base.value() + ")");
                        if (name.equalsIgnoreCase(v) || String.valueOf(base.value()).equals(v)) found.add(base);
                    });
                if (found.isEmpty()) throw error(c.position(), "unknown collection '" + v + "'. Collections: " + String.join(", ", known) + ".");
                return bases(found);
            }
            case TYPE -> {
                String t = v.toLowerCase(Locale.ROOT);
                if (t.equals("story")) return KeywordField.newExactQuery(Fields.STORY, "true");
                if (t.equals("record")) return KeywordField.newExactQuery(Fields.STORY, "false");
                try {
                    return KeywordField.newExactQuery(Fields.TYPE, RecordType.parse(t).code());
                } catch (RuntimeException e) {
                    throw error(c.position(), "unknown type '" + v + "': use image, video, audio, document, flash, unknown, story or record.");
                }
            }
            case RECORD_ID -> {
                return longCompare(Fields.RECORD, Long.parseLong(v), Long.parseLong(v), c.operator());
            }
            case UUID -> {
                return KeywordField.newExactQuery(Fields.UUID, v.toLowerCase(Locale.ROOT));
            }
            case SHA256 -> {
                return KeywordField.newExactQuery(Fields.SHA256, v.toLowerCase(Locale.ROOT));
            }
            case CREATED_ON, UPDATED_ON -> {
                DateRange r = DateRange.parse(v).orElseThrow();
                return longCompare(key == NativeKey.CREATED_ON ? Fields.CREATED : Fields.UPDATED, r.start(), r.end() - 1, c.operator());
            }
            default -> throw new IllegalStateException(key.toString());
        }
    }

    /**
     * Compare a long field with a value covering {@code [first, last]} (a partial date covers a span): {@code =} and
     * {@code :} within the span, {@code >=} from its start, {@code >} after its end, {@code <=} up to its end, {@code <} before its start.
     */
    private static Query longCompare(String field, long first, long last, Operator op) {
        return switch (op) {
            case CONTAINS, EQUALS -> LongField.newRangeQuery(field, first, last);
            case GREATER_OR_EQUAL -> LongField.newRangeQuery(field, first, Long.MAX_VALUE);
            case GREATER -> last == Long.MAX_VALUE ? new MatchNoDocsQuery() : LongField.newRangeQuery(field, last + 1, Long.MAX_VALUE);
            case LESS_OR_EQUAL -> LongField.newRangeQuery(field, Long.MIN_VALUE, last);
            case LESS -> first == Long.MIN_VALUE ? new MatchNoDocsQuery() : LongField.newRangeQuery(field, Long.MIN_VALUE, first - 1);
        };
    }

    private static Query doubleCompare(String field, double v, Operator op) {
        return switch (op) {
            case CONTAINS, EQUALS -> DoubleField.newExactQuery(field, v);
            case GREATER_OR_EQUAL -> DoubleField.newRangeQuery(field, v, Double.POSITIVE_INFINITY);
            case GREATER -> DoubleField.newRangeQuery(field, Math.nextUp(v), Double.POSITIVE_INFINITY);
            case LESS_OR_EQUAL -> DoubleField.newRangeQuery(field, Double.NEGATIVE_INFINITY, v);
            case LESS -> DoubleField.newRangeQuery(field, Double.NEGATIVE_INFINITY, Math.nextDown(v));
        };
    }

    private Query meta(String name, Condition c) {
        var number = DocumentMapper.number(c.value());
        if (c.operator().isRange()) {
            if (number.isEmpty()) throw error(c.position(), "meta." + name + c.operator().symbol + c.value()
                    + ": " + c.operator().symbol + " compares numbers, and '" + c.value() + "' is not one.");
            return doubleCompare(Fields.metaNumber(name), number.get(), c.operator());
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        if (number.isPresent()) any.add(doubleCompare(Fields.metaNumber(name), number.get(), Operator.EQUALS), Occur.SHOULD);
        if (c.operator() == Operator.EQUALS) any.add(KeywordField.newExactQuery(Fields.meta(name), c.value().strip().toLowerCase(Locale.ROOT)), Occur.SHOULD);
        else any.add(analyzed(Fields.metaText(name), c.value(), c.quoted(), c.position()), Occur.SHOULD);
        return any.build();
    }

    private Query field(String name, Condition c) {
        List<FieldIn> defs = catalog.field(name).stream()
                .filter(f -> !f.field().business() || f.databox().collections().keySet().stream().anyMatch(scope::seesBusinessFields))
                .toList();
        if (defs.isEmpty()) throw error(c.position(), "unknown field '" + name + "'. Fields: " + String.join(", ", visibleFields()) + ".");
        Map<FieldType, Boolean> types = new HashMap<>();
        boolean business = false;
        for (FieldIn f : defs) {
            types.put(f.field().type(), true);
            business |= f.field().business();
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        int clauses = 0;
        for (FieldType type : types.keySet()) {
            Query q = typed(name, type, c);
            if (q != null) {
                any.add(q, Occur.SHOULD);
                clauses++;
            }
        }
        if (clauses == 0) {
            String kind = types.keySet().iterator().next().code();
            throw error(c.position(), "field '" + name + "' holds " + kind + ": " + c.operator().symbol + " compares dates and numbers; use : (contains) or = (whole value).");
        }
        Query q = any.build();
        if (!business) return q;
        // a business field is searched only in the collections whose business fields the user may see
        return new BooleanQuery.Builder().add(q, Occur.MUST).add(bases(scope.businessFields()), Occur.FILTER).build();
    }

    private List<String> visibleFields() {
        List<String> names = new ArrayList<>();
        for (String n : catalog.fieldNames()) {
            boolean visible = catalog.field(n).stream().anyMatch(f -> !f.field().business()
                    || f.databox().collections().keySet().stream().anyMatch(scope::seesBusinessFields));
            if (visible) names.add(n);
        }
        return names;
    }

    /** The condition on a field of one type; null when the operator does not apply to that type. */
    private Query typed(String name, FieldType type, Condition c) {
        Operator op = c.operator();
        switch (type) {
            case DATE -> {
                DateRange r = DateRange.parse(c.value()).orElseThrow(() -> error(c.position(),
                        "'" + c.value() + "' is not a date, and " + name + " is a date field: use " + DateRange.SHAPES + "."));
                return longCompare(Fields.date(name), r.start(), r.end() - 1, op);
            }
            case NUMBER -> {
                double v = DocumentMapper.number(c.value()).orElseThrow(() -> error(c.position(),
                        "'" + c.value() + "' is not a number, and " + name + " is a number field."));
                return doubleCompare(Fields.number(name), v, op);
            }
            default -> {
                if (op.isRange()) return null;
                if (op == Operator.EQUALS) return KeywordField.newExactQuery(Fields.exact(name), c.value());
                return analyzed(Fields.text(name), c.value(), c.quoted(), c.position());
            }
        }
    }

    private QuerySyntaxException error(int position, String problem) {
        return new QuerySyntaxException(text, position, problem);
    }
}
