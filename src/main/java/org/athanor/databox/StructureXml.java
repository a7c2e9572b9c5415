package org.athanor.databox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads and writes Phraseanet's structure XML: the {@code <record>} document of the data templates and of the
 * {@code pref.structure} column of a Phraseanet databox.
 *
 * <p>Read: {@code <description>} children are the fields, {@code <subdefs><subdefgroup name="image"><subdef>} the
 * subdef specs, {@code <statbits><bit n="4">} the status bits. {@code <path>} elements and unknown attributes (such as
 * {@code report} or {@code meta_id}) are ignored: Athanor decides where files are stored. Status bit labels with
 * {@code switch="off"} are ignored; {@code labelOff} keeps the off name.
 */
public final class StructureXml {
    /** Largest structure document read, in bytes. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;

    private StructureXml() {
    }

    /**
     * Parse a Phraseanet structure XML (the {@code <record>} document of templates and of Phraseanet's pref.structure
     * column); XXE disabled, DTDs refused, no external entities, size limit 2 MiB.
     *
     * @param in         the document; read up to 2 MiB, not closed
     * @param sourceName what to call the document in messages, e.g. {@code en-simple.xml}
     * @throws StructureException when the document is not a valid structure; the message names the source and element
     */
    public static Structure parse(InputStream in, String sourceName) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, sourceName + ": cannot read the structure XML: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new StructureException(sourceName + ": the structure XML is larger than 2 MiB (" + MAX_BYTES
                    + " bytes); a databox structure is a few kilobytes, check that this is the right file");
        }
        Document document = readDocument(bytes, sourceName);
        return new Reader(sourceName).structure(document.getDocumentElement());
    }

    /** Write a structure back to Phraseanet's XML shape; {@link #parse} of the result equals {@code structure}. */
    public static String write(Structure structure) {
        return new Writer().structure(structure);
    }

    private static Document readDocument(byte[] bytes, String sourceName) {
        try {
            return SafeXml.parse(new ByteArrayInputStream(bytes));
        } catch (SAXParseException e) {
            String raw = new String(bytes, StandardCharsets.ISO_8859_1);
            if (raw.contains("<!DOCTYPE") || SafeXml.isDoctypeRefused(e)) {
                throw new StructureException(sourceName + ": a DOCTYPE declaration was found at line "
                        + e.getLineNumber() + "; structure XML may not declare a DTD or entities (refused for safety)."
                        + " Remove the <!DOCTYPE ...> declaration and try again.");
            }
            throw new StructureException(sourceName + ": not well-formed XML at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage() + " Fix the XML and try again.");
        } catch (SAXException e) {
            throw new StructureException(sourceName + ": not well-formed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, sourceName + ": cannot read the structure XML: " + e.getMessage(), e);
        }
    }

    /** Turns a parsed {@code <record>} element into a {@link Structure}, prefixing every message with the source. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        Structure structure(Element root) {
            if (!root.getTagName().equals("record")) {
                throw fail("the root element is <" + root.getTagName()
                        + ">; expected <record> (a Phraseanet databox structure)");
            }
            List<StructureField> fields = new ArrayList<>();
            List<SubdefSpec> subdefs = new ArrayList<>();
            List<StatusBit> bits = new ArrayList<>();
            for (Element section : children(root)) {
                switch (section.getTagName()) {
                    case "description" -> {
                        for (Element field : children(section)) {
                            fields.add(field(field, fields.size()));
                        }
                    }
                    case "subdefs" -> {
                        for (Element group : children(section)) {
                            if (!group.getTagName().equals("subdefgroup")) {
                                throw fail("<subdefs> contains <" + group.getTagName() + ">; expected <subdefgroup>");
                            }
                            RecordType type = group(group);
                            for (Element subdef : children(group)) {
                                if (!subdef.getTagName().equals("subdef")) {
                                    throw fail("<subdefgroup name=\"" + type.code() + "\"> contains <"
                                            + subdef.getTagName() + ">; expected <subdef>");
                                }
                                subdefs.add(subdef(type, subdef));
                            }
                        }
                    }
                    case "statbits" -> {
                        for (Element bit : children(section)) {
                            if (!bit.getTagName().equals("bit")) {
                                throw fail("<statbits> contains <" + bit.getTagName() + ">; expected <bit n=\"4\">");
                            }
                            bits.add(bit(bit));
                        }
                    }
                    default -> {
                        // <path> and anything else Phraseanet keeps there: Athanor decides storage.
                    }
                }
            }
            try {
                return new Structure(fields, subdefs, bits);
            } catch (StructureException e) {
                throw fail(e.getMessage(), e);
            }
        }

        private StructureField field(Element el, int position) {
            String name = el.getTagName();
            String where = "<description>/<" + name + ">";
            try {
                String type = attr(el, "type");
                String dces = attr(el, "dces-element") != null ? attr(el, "dces-element") : attr(el, "dces");
                return new StructureField(name, attr(el, "src"),
                        type == null || type.isBlank() ? FieldType.STRING : FieldType.parse(type),
                        flag(el, "multi", false, where), flag(el, "readonly", false, where),
                        flag(el, "required", false, where), flag(el, "business", false, where),
                        flag(el, "index", true, where), integer(el, "aggregable", 0, where), attr(el, "thumbtitle"),
                        el.hasAttribute("separator") ? el.getAttribute("separator") : null, attr(el, "tbranch"), dces,
                        labels(el, where), position);
            } catch (StructureException e) {
                if (e.namesItsSource()) {
                    throw e;
                }
                throw fail(e.namesItsSubject() ? e.getMessage() : where + ": " + e.getMessage(), e);
            }
        }

        private RecordType group(Element group) {
            String name = attr(group, "name");
            RecordType type;
            try {
                type = RecordType.parse(name);
            } catch (AthanorException e) {
                type = RecordType.UNKNOWN;
            }
            if (type == RecordType.UNKNOWN) {
                throw fail("<subdefgroup name=\"" + name
                        + "\"> is not a type group; expected one of image, video, audio, document, flash");
            }
            return type;
        }

        private SubdefSpec subdef(RecordType group, Element el) {
            String name = attr(el, "name");
            String where = "subdef '" + group.code() + "/" + name + "'";
            Integer size = null;
            Integer quality = null;
            Integer dpi = null;
            Integer resolution = null;
            Boolean strip = null;
            Boolean meta = null;
            Boolean writeDatas = null;
            String method = null;
            String mediatype = null;
            List<String> devices = new ArrayList<>();
            Map<String, String> options = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (Element child : children(el)) {
                String tag = child.getTagName();
                String text = child.getTextContent().strip();
                if (!tag.equals("label") && !tag.equals("devices") && !seen.add(tag)) {
                    throw fail(where + ": element <" + tag + "> appears twice; keep one");
                }
                switch (tag) {
                    case "path", "label" -> {
                        // path: Athanor decides storage; labels are read below.
                    }
                    case "size" -> size = number(text, where, tag);
                    case "quality" -> quality = number(text, where, tag);
                    case "dpi" -> dpi = number(text, where, tag);
                    case "strip" -> strip = yesNo(text, where, tag);
                    case "meta" -> meta = yesNo(text, where, tag);
                    case "method" -> method = text;
                    case "mediatype" -> mediatype = text.toLowerCase(Locale.ROOT);
                    case "devices" -> {
                        for (String device : text.split("[,\\s]+")) {
                            if (!device.isEmpty()) {
                                devices.add(device);
                            }
                        }
                    }
                    default -> {
                        if (tag.equals("resolution")) {
                            resolution = number(text, where, tag);
                        } else if (tag.equals("writeDatas")) {
                            writeDatas = yesNo(text, where, tag);
                        }
                        options.put(tag, text);
                    }
                }
            }
            try {
                return new SubdefSpec(group, name, SubdefClass.parse(attr(el, "class")), mediatype,
                        flag(el, "downloadable", false, where), size, quality, dpi != null ? dpi : resolution, strip,
                        meta != null ? meta : writeDatas, method, devices, options, labels(el, where));
            } catch (StructureException e) {
                if (e.namesItsSource()) {
                    throw e;
                }
                throw fail(e.namesItsSubject() ? e.getMessage() : where + ": " + e.getMessage(), e);
            }
        }

        private StatusBit bit(Element el) {
            String n = attr(el, "n");
            String where = "status bit " + n;
            int bit;
            try {
                bit = Integer.parseInt(n == null ? "" : n.strip());
            } catch (NumberFormatException e) {
                throw fail("<bit n=\"" + n + "\">: n must be a bit number 4..31");
            }
            StringBuilder text = new StringBuilder();
            for (Node node = el.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
                    text.append(node.getNodeValue());
                }
            }
            String labelOn = attr(el, "labelOn");
            if (labelOn == null || labelOn.isBlank()) {
                labelOn = text.toString();
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (Element label : children(el)) {
                String onOff = attr(label, "switch");
                if (label.getTagName().equals("label") && (onOff == null || onOff.strip().equals("on"))) {
                    putLabel(labels, label, where);
                }
            }
            try {
                return new StatusBit(bit, labelOn, attr(el, "labelOff"), labels, flag(el, "searchable", false, where),
                        flag(el, "printable", false, where));
            } catch (StructureException e) {
                if (e.namesItsSource()) {
                    throw e;
                }
                throw fail(e.getMessage(), e);
            }
        }

        private Map<String, String> labels(Element el, String where) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (Element label : children(el)) {
                if (label.getTagName().equals("label")) {
                    putLabel(labels, label, where);
                }
            }
            return labels;
        }

        private void putLabel(Map<String, String> labels, Element label, String where) {
            String lang = attr(label, "lang") != null ? attr(label, "lang") : attr(label, "code");
            if (lang == null || !Labels.LANGUAGES.contains(lang.strip())) {
                throw fail(where + ": <label> language '" + lang + "' is not supported; use lang=\"en\", \"fr\", \"de\" or \"nl\"");
            }
            if (labels.put(lang.strip(), label.getTextContent()) != null) {
                throw fail(where + ": two labels for language '" + lang.strip() + "'; keep one");
            }
        }

        private boolean flag(Element el, String attribute, boolean absent, String where) {
            String value = attr(el, attribute);
            if (value == null || value.isBlank()) {
                return absent;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "1", "true", "yes", "on" -> true;
                case "0", "false", "no", "off" -> false;
                default -> throw fail(where + ": " + attribute + "=\"" + value + "\" is invalid; expected 1 or 0");
            };
        }

        private int integer(Element el, String attribute, int absent, String where) {
            String value = attr(el, attribute);
            if (value == null || value.isBlank()) {
                return absent;
            }
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw fail(where + ": " + attribute + "=\"" + value + "\" is invalid; expected a whole number");
            }
        }

        private Integer number(String text, String where, String tag) {
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException e) {
                throw fail(where + ": <" + tag + ">" + text + "</" + tag + "> is invalid; expected a whole number");
            }
        }

        private Boolean yesNo(String text, String where, String tag) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "" -> null;
                case "yes", "true", "1", "on" -> true;
                case "no", "false", "0", "off" -> false;
                default -> throw fail(where + ": <" + tag + ">" + text + "</" + tag + "> is invalid; expected yes or no");
            };
        }

        private StructureException fail(String message) {
            return new StructureException(StructureException.Named.SOURCE, source + ": " + message, null);
        }

        private StructureException fail(String message, Throwable cause) {
            return new StructureException(StructureException.Named.SOURCE, source + ": " + message, cause);
        }

        private static String attr(Element el, String name) {
            return el.hasAttribute(name) ? el.getAttribute(name) : null;
        }

        private static List<Element> children(Element parent) {
            List<Element> elements = new ArrayList<>();
            NodeList nodes = parent.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element element) {
                    elements.add(element);
                }
            }
            return elements;
        }
    }

    /** Writes a {@link Structure} in Phraseanet's shape, two spaces per level. */
    private static final class Writer {
        private final StringBuilder out = new StringBuilder();

        String structure(Structure structure) {
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<record>\n");
            out.append("  <subdefs>\n");
            for (RecordType group : RecordType.values()) {
                List<SubdefSpec> subdefs = structure.subdefsOf(group);
                if (!subdefs.isEmpty()) {
                    out.append("    <subdefgroup name=\"").append(group.code()).append("\">\n");
                    subdefs.forEach(this::subdef);
                    out.append("    </subdefgroup>\n");
                }
            }
            out.append("  </subdefs>\n");
            out.append("  <description>\n");
            structure.fields().forEach(this::field);
            out.append("  </description>\n");
            out.append("  <statbits>\n");
            structure.statusBits().forEach(this::bit);
            out.append("  </statbits>\n");
            out.append("</record>\n");
            return out.toString();
        }

        private void subdef(SubdefSpec s) {
            out.append("      <subdef class=\"").append(s.subdefClass().code()).append("\" name=\"").append(s.name())
                    .append("\" downloadable=\"").append(s.downloadable()).append("\">\n");
            element("mediatype", s.mediatype());
            element("size", s.size());
            element("quality", s.quality());
            if (!(s.dpi() != null && String.valueOf(s.dpi()).equals(s.options().get("resolution")))) {
                element("dpi", s.dpi());
            }
            element("strip", yesNo(s.strip()));
            if (!(s.meta() != null && yesNo(s.meta()).equals(normalizedYesNo(s.options().get("writeDatas"))))) {
                element("meta", yesNo(s.meta()));
            }
            element("method", s.method());
            s.devices().forEach(device -> element("devices", device));
            s.options().forEach(this::element);
            s.labels().forEach((lang, text) -> out.append("        <label lang=\"").append(lang).append("\">")
                    .append(escape(text)).append("</label>\n"));
            out.append("      </subdef>\n");
        }

        private void field(StructureField f) {
            out.append("    <").append(f.name());
            attribute("src", f.src());
            attribute("type", f.type().code());
            if (f.multi()) {
                attribute("multi", "1");
            }
            if (f.readonly()) {
                attribute("readonly", "1");
            }
            if (f.required()) {
                attribute("required", "1");
            }
            if (f.business()) {
                attribute("business", "1");
            }
            if (!f.indexable()) {
                attribute("index", "0");
            }
            if (f.aggregable() != 0) {
                attribute("aggregable", String.valueOf(f.aggregable()));
            }
            attribute("thumbtitle", f.thumbtitle());
            if (!f.separator().equals(StructureField.DEFAULT_SEPARATOR)) {
                attribute("separator", f.separator());
            }
            attribute("tbranch", f.tbranch());
            attribute("dces-element", f.dcesElement());
            if (f.labels().isEmpty()) {
                out.append("/>\n");
                return;
            }
            out.append(">\n");
            f.labels().forEach((lang, text) -> out.append("      <label lang=\"").append(lang).append("\">")
                    .append(escape(text)).append("</label>\n"));
            out.append("    </").append(f.name()).append(">\n");
        }

        private void bit(StatusBit b) {
            out.append("    <bit n=\"").append(b.bit()).append('"');
            attribute("labelOn", b.labelOn());
            attribute("labelOff", b.labelOff());
            attribute("searchable", b.searchable() ? "1" : "0");
            attribute("printable", b.printable() ? "1" : "0");
            out.append('>').append(escape(b.labelOn()));
            if (!b.labels().isEmpty()) {
                out.append('\n');
                b.labels().forEach((lang, text) -> out.append("      <label switch=\"on\" code=\"").append(lang)
                        .append("\">").append(escape(text)).append("</label>\n"));
                out.append("    ");
            }
            out.append("</bit>\n");
        }

        private void element(String tag, Object value) {
            if (value != null) {
                out.append("        <").append(tag).append('>').append(escape(String.valueOf(value))).append("</")
                        .append(tag).append(">\n");
            }
        }

        private void attribute(String name, String value) {
            if (value != null) {
                out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
            }
        }

        private static String yesNo(Boolean value) {
            return value == null ? null : value ? "yes" : "no";
        }

        private static String normalizedYesNo(String text) {
            if (text == null) {
                return null;
            }
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "yes", "true", "1", "on" -> "yes";
                case "no", "false", "0", "off" -> "no";
                default -> null;
            };
        }

        private static String escape(String text) {
            StringBuilder escaped = new StringBuilder(text.length());
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '&' -> escaped.append("&amp;");
                    case '<' -> escaped.append("&lt;");
                    case '>' -> escaped.append("&gt;");
                    case '"' -> escaped.append("&quot;");
                    case '\n' -> escaped.append("&#10;");
                    case '\r' -> escaped.append("&#13;");
                    case '\t' -> escaped.append("&#9;");
                    default -> escaped.append(c);
                }
            }
            return escaped.toString();
        }
    }
}
