package org.athanor.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import org.athanor.databox.StatusBit;
import org.athanor.databox.Structure;
import org.athanor.databox.StructureField;

/**
 * What the query compiler needs to know of the installation: the databoxes searched, with their names, collections,
 * fields and status bits. Built by {@link SearchService} from the appbox registry and the structures.
 */
public record SearchCatalog(List<Databox> databoxes) {
    public SearchCatalog {
        databoxes = List.copyOf(databoxes);
    }

    /** One databox: its id, name, structure and collections. */
    public record Databox(DataboxId id, String name, Structure structure, Map<BaseId, String> collections) {
        public Databox {
            collections = Map.copyOf(collections);
        }
    }

    /** The databox with this id, if searched. */
    public Optional<Databox> databox(DataboxId id) {
        return databoxes.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** A field as defined in one databox. */
    public record FieldIn(Databox databox, StructureField field) {}

    /** The definitions of a field name (ignoring case) in every databox that has it. */
    public List<FieldIn> field(String name) {
        List<FieldIn> out = new ArrayList<>();
        for (Databox d : databoxes) d.structure().field(name).ifPresent(f -> out.add(new FieldIn(d, f)));
        return out;
    }

    /** A status bit as defined in one databox. */
    public record FlagIn(Databox databox, StatusBit bit) {}

    /**
     * The status bits named {@code name} in every databox: a bit's name is its "on" label with letters and digits
     * only, compared ignoring case and accents ({@code flag.Online}, {@code flag.hors_ligne} for "Hors ligne").
     */
    public List<FlagIn> flag(String name) {
        String wanted = flagKey(name);
        List<FlagIn> out = new ArrayList<>();
        for (Databox d : databoxes)
            for (StatusBit b : d.structure().statusBits())
                if (flagKey(b.labelOn()).equals(wanted) || String.valueOf(b.bit()).equals(name)) out.add(new FlagIn(d, b));
        return out;
    }

    /** The name under which a status bit is searched: its label folded, letters and digits only. */
    public static String flagKey(String label) {
        String folded = java.text.Normalizer.normalize(label, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Every field name, each once, in the order of the first databox that has it. */
    public Collection<String> fieldNames() {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        for (Databox d : databoxes) for (StructureField f : d.structure().fields()) names.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f.name());
        return names.values();
    }

    /** The name of a collection, or its base_id as text when unknown. */
    public String collectionName(BaseId id) {
        for (Databox d : databoxes) if (d.collections().containsKey(id)) return d.collections().get(id);
        return String.valueOf(id.value());
    }
}
