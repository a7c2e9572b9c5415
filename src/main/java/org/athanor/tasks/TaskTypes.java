package org.athanor.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/** The task types an installation knows, by {@code job_type}. */
public final class TaskTypes {
    private final Map<String, TaskType> byName = new LinkedHashMap<>();

    public TaskTypes(List<TaskType> types) {
        for (TaskType t : types) {
            if (byName.put(t.jobType(), t) != null) throw new IllegalArgumentException("two task types named " + t.jobType());
        }
    }

    /** The type named {@code jobType}; an unknown name is refused with the list of known ones. */
    public TaskType get(String jobType) {
        TaskType t = byName.get(jobType);
        if (t == null) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "unknown task type '" + jobType + "'. Known types: "
                    + String.join(", ", byName.keySet()));
        }
        return t;
    }

    /** Return true when a type of that name exists. */
    public boolean has(String jobType) {
        return byName.containsKey(jobType);
    }

    /** The names of every type, in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
