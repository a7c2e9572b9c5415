package org.athanor.search;

import java.util.Map;
import java.util.Set;
import org.athanor.appbox.Rights.StatusMask;
import org.athanor.ids.BaseId;

/**
 * What one user may see, applied inside the query so that a hit, a count or a facet never shows a record the user may
 * not see: the collections the user has {@code access} to, each with its status mask, and the collections whose
 * business fields the user may search and read ({@code canmodifrecord}).
 */
public record SearchScope(Map<BaseId, StatusMask> collections, Set<BaseId> businessFields) {
    public SearchScope {
        collections = Map.copyOf(collections);
        businessFields = Set.copyOf(businessFields);
    }

    /** Return true when the user sees no collection at all. */
    public boolean isEmpty() {
        return collections.isEmpty();
    }

    /** Return true when business fields of this collection are searchable and shown. */
    public boolean seesBusinessFields(BaseId collection) {
        return businessFields.contains(collection);
    }
}
