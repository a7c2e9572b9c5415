package org.athanor.tasks.type;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.ids.CollId;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordStore;
import org.athanor.databox.Records;
import org.athanor.databox.RecordType;
import org.athanor.tasks.Task;
import org.athanor.tasks.TaskContext;
import org.athanor.tasks.TaskSettings;
import org.athanor.tasks.TaskType;
import org.w3c.dom.Element;

/**
 * The RecordMover task: Phraseanet's rules moving records between collections, changing their status bits, or
 * deleting them.
 *
 * <pre>{@code
 * <tasksettings><tasks>
 *   <task active="1" name="publish" action="update" sbas_id="1">
 *     <from><coll compare="=" id="1,2"/><type compare="=" type="image"/><status mask="x1xxxx"/>
 *           <text field="Title" compare="=" value="ok"/><date direction="before" field="Date" delta="0"/></from>
 *     <to><coll id="3"/><status mask="x0xxxx"/></to>
 *   </task>
 *   <task active="1" name="purge" action="delete" sbas_id="1"><from><coll id="4"/></from></task>
 * </tasks></tasksettings>
 * }</pre>
 * Every condition of {@code <from>} must hold. {@code date}: the date in the caption field plus {@code delta} days is
 * before (or after) now.
 */
public final class RecordMoverTaskType implements TaskType {
    /** Its job type. */
    public static final String NAME = "record-mover";

    private final Records records;
    private final Clock clock;

    /** Rules read and change records through {@code records}; {@code clock} tells "now" to date conditions. */
    public RecordMoverTaskType(Records records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** One rule of the settings. */
    record Rule(String name, boolean delete, DataboxId databox, List<Integer> colls, boolean collsNegated, String type,
                StatusMask status, String textField, boolean textNegated, String textValue, String dateField, boolean before,
                int deltaDays, Integer toColl, StatusMask toStatus) {}

    @Override public String jobType() {
        return NAME;
    }

    @Override public String defaultSettings() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tasksettings>\n  <logsql>0</logsql>\n  <tasks/>\n</tasksettings>\n";
    }

    @Override public int defaultPeriodSeconds() {
        return 60;
    }

    @Override public Task create(int taskId, TaskSettings settings) {
        List<Rule> rules = new ArrayList<>();
        for (Element tasks : TaskSettings.children(settings.root(), "tasks")) {
            for (Element t : TaskSettings.children(tasks, "task")) {
                if (!"0".equals(t.getAttribute("active"))) rules.add(rule(t));
            }
        }
        return context -> {
            for (Rule r : rules) {
                if (context.stopRequested()) return;
                apply(context, r);
            }
        };
    }

    private static Rule rule(Element t) {
        String name = t.getAttribute("name").isBlank() ? "(unnamed)" : t.getAttribute("name");
        String where = "task settings, rule '" + name + "'";
        String action = t.getAttribute("action").isBlank() ? "update" : t.getAttribute("action").toLowerCase(Locale.ROOT);
        if (!action.equals("update") && !action.equals("delete")) {
            throw bad(where + ": action '" + action + "' is unknown; use action=\"update\" or action=\"delete\"");
        }
        int sbas = number(t.getAttribute("sbas_id"), where + ": sbas_id (the databox id) is required. Example: sbas_id=\"1\"");
        Element from = first(t, "from");
        if (from == null) throw bad(where + ": <from> is missing; a rule without condition would take every record");
        List<Integer> colls = new ArrayList<>();
        boolean collsNegated = false;
        String type = null;
        StatusMask status = null;
        String textField = null;
        boolean textNegated = false;
        String textValue = null;
        String dateField = null;
        boolean before = true;
        int delta = 0;
        Element c = first(from, "coll");
        if (c != null) {
            for (String id : c.getAttribute("id").split("[,\\s]+")) {
                if (!id.isBlank()) colls.add(number(id, where + ": <coll id> holds coll_ids separated by commas, found '" + id + "'"));
            }
            collsNegated = c.getAttribute("compare").equals("!=") || c.getAttribute("compare").equals("<>");
        }
        Element ty = first(from, "type");
        if (ty != null) type = RecordType.parse(ty.getAttribute("type")).code();
        Element st = first(from, "status");
        if (st != null) status = StatusMask.parse(st.getAttribute("mask"));
        Element tx = first(from, "text");
        if (tx != null) {
            textField = required(tx, "field", where);
            textNegated = tx.getAttribute("compare").equals("!=") || tx.getAttribute("compare").equals("<>");
            textValue = tx.getAttribute("value");
        }
        Element d = first(from, "date");
        if (d != null) {
            dateField = required(d, "field", where);
            String dir = d.getAttribute("direction").isBlank() ? "before" : d.getAttribute("direction");
            if (!dir.equals("before") && !dir.equals("after")) throw bad(where + ": <date direction> is 'before' or 'after', found '" + dir + "'");
            before = dir.equals("before");
            delta = d.getAttribute("delta").isBlank() ? 0 : number(d.getAttribute("delta"), where + ": <date delta> is a number of days");
        }
        Integer toColl = null;
        StatusMask toStatus = null;
        Element to = first(t, "to");
        if (action.equals("update")) {
            if (to == null) throw bad(where + ": action update needs <to> with <coll id=\"…\"/> and/or <status mask=\"…\"/>");
            Element tc = first(to, "coll");
            if (tc != null) toColl = number(tc.getAttribute("id"), where + ": <to><coll id> is one coll_id. Example: <coll id=\"3\"/>");
            Element ts = first(to, "status");
            if (ts != null) toStatus = StatusMask.parse(ts.getAttribute("mask"));
            if (toColl == null && toStatus == null) throw bad(where + ": <to> changes nothing; give <coll id=\"…\"/> or <status mask=\"…\"/>");
        }
        return new Rule(name, action.equals("delete"), new DataboxId(sbas), colls, collsNegated, type, status, textField, textNegated,
                textValue, dateField, before, delta, toColl, toStatus);
    }

    private void apply(TaskContext context, Rule r) {
        RecordStore store = records.store(r.databox());
        String why = "RecordMover rule '" + r.name() + "'";
        int changed = 0;
        for (RecordStore.Candidate c : store.candidates(r.colls(), r.collsNegated(), r.type())) {
            if (context.stopRequested()) break;
            if (r.status() != null && !r.status().matches(c.status())) continue;
            if (!captionHolds(store, r, c.id())) continue;
            if (r.delete()) {
                if (records.delete(r.databox(), c.id(), null, why)) changed++;
                continue;
            }
            Long status = r.toStatus() == null ? null : r.toStatus().applyTo(c.status());
            CollId to = r.toColl() == null ? null : new CollId(r.toColl());
            if (records.change(r.databox(), tx -> tx.update(c.id(), to, status, null, why))) changed++;
        }
        if (changed > 0) context.log("rule '" + r.name() + "': " + changed + " record(s) " + (r.delete() ? "deleted" : "changed"));
    }

    private boolean captionHolds(RecordStore store, Rule r, RecordId record) {
        if (r.textField() != null) {
            List<String> values = store.values(record, r.textField());
            if (values.contains(r.textValue()) == r.textNegated()) return false;
        }
        if (r.dateField() != null) {
            List<String> values = store.values(record, r.dateField());
            if (values.isEmpty()) return false;
            Instant date = parseDate(values.get(0));
            if (date == null) return false;
            boolean isBefore = date.plus(Duration.ofDays(r.deltaDays())).isBefore(clock.instant());
            if (isBefore != r.before()) return false;
        }
        return true;
    }

    /** Read {@code yyyy-MM-dd}, {@code yyyy/MM/dd} or {@code yyyy:MM:dd} (EXIF) at the start of a value; null otherwise. */
    static Instant parseDate(String value) {
        String v = value.strip();
        if (v.length() < 10) return null;
        try {
            return LocalDate.parse(v.substring(0, 10).replace('/', '-').replace(':', '-')).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Element first(Element parent, String name) {
        List<Element> l = TaskSettings.children(parent, name);
        return l.isEmpty() ? null : l.get(0);
    }

    private static String required(Element e, String attribute, String where) {
        String v = e.getAttribute(attribute);
        if (v.isBlank()) throw bad(where + ": <" + e.getTagName() + "> needs " + attribute + "=\"…\"");
        return v;
    }

    private static int number(String text, String message) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw bad(message);
        }
    }

    private static AthanorException bad(String message) {
        return new AthanorException(ErrorCode.BAD_ARGUMENT, message);
    }
}
