package org.athanor.databox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The structure of a databox: its metadata fields, its subdefinition specs per type group and its status bits.
 *
 * <p>Fields are kept in order of position, subdefs grouped by type group in {@link RecordType} order (keeping their
 * order within a group), status bits in order of bit number. Field
 * names are unique ignoring case, subdef names are unique within a group, bit numbers are unique, and so are field
 * positions.
 */
public record Structure(List<StructureField> fields, List<SubdefSpec> subdefs, List<StatusBit> statusBits) {

    public Structure {
        fields = fields == null ? List.of() : fields;
        subdefs = subdefs == null ? List.of() : subdefs;
        statusBits = statusBits == null ? List.of() : statusBits;
        Map<String, StructureField> byName = new HashMap<>();
        Map<Integer, StructureField> byPosition = new HashMap<>();
        for (StructureField field : fields) {
            StructureField before = byName.putIfAbsent(field.key(), field);
            if (before != null) {
                throw new StructureException("field name '" + field.name() + "' is used twice (also as '"
                        + before.name() + "'); field names must be unique, ignoring case");
            }
            before = byPosition.putIfAbsent(field.position(), field);
            if (before != null) {
                throw new StructureException("fields '" + before.name() + "' and '" + field.name()
                        + "' are both at position " + field.position() + "; give each field its own position");
            }
        }
        Map<String, SubdefSpec> byPath = new HashMap<>();
        for (SubdefSpec subdef : subdefs) {
            if (byPath.putIfAbsent(subdef.path(), subdef) != null) {
                throw new StructureException("subdef '" + subdef.path()
                        + "' is defined twice; subdef names must be unique within a type group");
            }
        }
        Map<Integer, StatusBit> byBit = new HashMap<>();
        for (StatusBit bit : statusBits) {
            if (byBit.putIfAbsent(bit.bit(), bit) != null) {
                throw new StructureException("status bit " + bit.bit() + " is defined twice; each bit may be defined once");
            }
        }
        List<StructureField> sortedFields = new ArrayList<>(fields);
        sortedFields.sort(Comparator.comparingInt(StructureField::position));
        List<StatusBit> sortedBits = new ArrayList<>(statusBits);
        sortedBits.sort(Comparator.comparingInt(StatusBit::bit));
        List<SubdefSpec> sortedSubdefs = new ArrayList<>(subdefs);
        sortedSubdefs.sort(Comparator.comparing(SubdefSpec::group));
        fields = List.copyOf(sortedFields);
        subdefs = List.copyOf(sortedSubdefs);
        statusBits = List.copyOf(sortedBits);
    }

    /** Return the subdef specs of one type group, in order; empty for {@link RecordType#UNKNOWN}. */
    public List<SubdefSpec> subdefsOf(RecordType group) {
        return subdefs.stream().filter(s -> s.group() == group).toList();
    }

    /** Find a field by name, ignoring case as Phraseanet's uniqueness rule does. */
    public Optional<StructureField> field(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.toLowerCase(Locale.ROOT);
        return fields.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /** Find a subdef spec by type group and name. */
    public Optional<SubdefSpec> subdef(RecordType group, String name) {
        return subdefs.stream().filter(s -> s.group() == group && s.name().equals(name)).findFirst();
    }

    /** Find the definition of a status bit. */
    public Optional<StatusBit> statusBit(int bit) {
        return statusBits.stream().filter(b -> b.bit() == bit).findFirst();
    }
}
