package org.athanor.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The settings of a task: Phraseanet's {@code <tasksettings>} XML, parsed by {@link SafeXml} (no DTD, no entities).
 */
public final class TaskSettings {
    private final String xml;
    private final Element root;

    private TaskSettings(String xml, Element root) {
        this.xml = xml;
        this.root = root;
    }

    /** Parse settings; an empty text means no settings. */
    public static TaskSettings parse(String xml) {
        String text = xml == null || xml.isBlank() ? "<tasksettings/>" : xml.strip();
        try {
            Document d = SafeXml.parse(text);
            Element root = d.getDocumentElement();
            if (!root.getTagName().equals("tasksettings")) {
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, "task settings: the root element is <" + root.getTagName()
                        + ">, expected <tasksettings>. Example: <tasksettings><period>10</period></tasksettings>");
            }
            return new TaskSettings(text, root);
        } catch (AthanorException e) {
            throw e;
        } catch (Exception e) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "task settings are not well-formed XML (DOCTYPE and entities are refused): "
                    + e.getMessage() + ". Example: <tasksettings><period>10</period></tasksettings>", e);
        }
    }

    /** The XML as stored. */
    public String xml() {
        return xml;
    }

    /** The root element, for task types with nested rules. */
    public Element root() {
        return root;
    }

    /** The trimmed text of the first child element {@code name} of the root, if present and not empty. */
    public Optional<String> text(String name) {
        for (Element e : children(root, name)) {
            String t = e.getTextContent().strip();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        }
        return Optional.empty();
    }

    /** The integer of {@code name}, or {@code fallback} when absent; a non-number is refused naming the element. */
    public int integer(String name, int fallback) {
        Optional<String> t = text(name);
        if (t.isEmpty()) return fallback;
        try {
            return Integer.parseInt(t.get());
        } catch (NumberFormatException e) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "task settings: <" + name + "> must be a whole number, found '"
                    + t.get() + "'. Example: <" + name + ">" + fallback + "</" + name + ">");
        }
    }

    /** A boolean flag written as 1/0 (Phraseanet) or true/false; {@code fallback} when absent. */
    public boolean flag(String name, boolean fallback) {
        return text(name).map(v -> v.equals("1") || v.equalsIgnoreCase("true")).orElse(fallback);
    }

    /** The direct child elements of {@code parent} named {@code name}. */
    public static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) out.add(e);
        }
        return out;
    }
}
