package org.athanor.setup.upgrade.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Phraseanet 3.8.8's own schema as MariaDB DDL, read from the files its installer reads
 * ({@code src/test/resources/phraseanet388/}): the appbox and databox tables of {@code bases_structure.xml} with their
 * default rows, and the Doctrine ORM tables of the appbox ({@code doctrine/*.dcm.yml}).
 */
final class PhraseanetSchema {
    static final String RESOURCES = "/phraseanet388/";
    /** The Doctrine mappings of 3.8.8, all of them living in the appbox. */
    static final List<String> DOCTRINE_ENTITIES = List.of("AuthFailure", "Basket", "BasketElement", "LazaretAttribute",
            "LazaretCheck", "LazaretFile", "LazaretSession", "Secret", "Session", "SessionModule", "StoryWZ",
            "UsrAuthProvider", "UsrList", "UsrListEntry", "UsrListOwner", "ValidationData", "ValidationParticipant",
            "ValidationSession");

    /** One table: its name, its CREATE statement and the INSERTs of its default rows. */
    record Table(String name, String create, List<String> defaultRows) {}

    private PhraseanetSchema() {}

    /** The tables of {@code appbox} or {@code databox} in {@code bases_structure.xml}. */
    static List<Table> structureTables(String box) {
        Element root = readXml(RESOURCES + "bases_structure.xml").getDocumentElement();
        Element tables = child(child(root, box), "tables");
        List<Table> result = new ArrayList<>();
        for (Element table : children(tables, "table")) result.add(table(table));
        return result;
    }

    /** The Doctrine ORM tables of the 3.8.8 appbox. */
    static List<Table> doctrineTables() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Table> result = new ArrayList<>();
        for (String entity : DOCTRINE_ENTITIES) {
            String path = RESOURCES + "doctrine/Entities." + entity + ".dcm.yml";
            try (InputStream in = PhraseanetSchema.class.getResourceAsStream(path)) {
                if (in == null) throw new IllegalStateException("test resource " + path + " is missing");
                JsonNode mapping = yaml.readTree(in).elements().next();
                result.add(doctrineTable(mapping));
            } catch (IOException e) {
                throw new UncheckedIOException(path, e);
            }
        }
        return result;
    }

    private static Table table(Element table) {
        String name = table.getAttribute("name");
        List<String> columns = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (Element f : children(child(table, "fields"), "field")) {
            String column = text(f, "name");
            String type = text(f, "type");
            types.put(column, type.toLowerCase());
            StringBuilder sql = new StringBuilder("`" + column + "` " + type);
            String collation = text(f, "collation");
            if (!collation.isEmpty()) sql.append(" CHARACTER SET ").append(collation.substring(0, collation.indexOf('_')))
                    .append(" COLLATE ").append(collation);
            boolean nullable = "YES".equalsIgnoreCase(text(f, "null"));
            sql.append(nullable ? " NULL" : " NOT NULL");
            String extra = text(f, "extra");
            String def = text(f, "default");
            boolean blob = type.toLowerCase().matches(".*(text|blob).*");
            if (!extra.contains("auto_increment") && !blob) {
                if ("CURRENT_TIMESTAMP".equalsIgnoreCase(def)) sql.append(" DEFAULT CURRENT_TIMESTAMP");
                else if (!def.isEmpty()) sql.append(" DEFAULT '").append(def.replace("'", "''")).append("'");
                else if (nullable) sql.append(" DEFAULT NULL");
            }
            if (!extra.isEmpty()) sql.append(' ').append(extra);
            columns.add(sql.toString());
        }
        Element indexes = child(table, "indexes");
        if (indexes != null) {
            for (Element index : children(indexes, "index")) {
                List<String> fields = new ArrayList<>();
                for (Element f : children(child(index, "fields"), "field")) fields.add("`" + f.getTextContent().trim() + "`");
                String list = "(" + String.join(", ", fields) + ")";
                String type = text(index, "type");
                String indexName = text(index, "name");
                columns.add(switch (type) {
                    case "PRIMARY" -> "PRIMARY KEY " + list;
                    case "UNIQUE" -> "UNIQUE KEY `" + indexName + "` " + list;
                    case "FULLTEXT" -> "FULLTEXT KEY `" + indexName + "` " + list;
                    default -> "KEY `" + indexName + "` " + list;
                });
            }
        }
        String engine = text(table, "engine");
        String create = "CREATE TABLE `" + name + "` (\n  " + String.join(",\n  ", columns) + "\n) ENGINE="
                + (engine.isEmpty() ? "InnoDB" : engine) + " DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci";
        List<String> rows = new ArrayList<>();
        Element defaults = child(table, "defaults");
        if (defaults != null) {
            for (Element row : children(defaults, "default")) {
                List<String> keys = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (Element data : children(row, "data")) {
                    keys.add("`" + data.getAttribute("key") + "`");
                    String value = data.getTextContent().trim();
                    if ("NOW()".equals(value)) values.add("NOW()");
                    else if ("null".equals(value)) values.add("NULL");
                    else values.add("'" + value.replace("\\", "\\\\").replace("'", "''") + "'");
                }
                rows.add("INSERT INTO `" + name + "` (" + String.join(", ", keys) + ") VALUES (" + String.join(", ", values) + ")");
            }
        }
        return new Table(name, create, rows);
    }

    /** A table as Doctrine 2.x's SchemaTool creates it on MySQL from a YAML mapping. */
    private static Table doctrineTable(JsonNode m) {
        String name = m.path("table").asText();
        List<String> columns = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> ids = m.path("id").fields();
        String primary = null;
        while (ids.hasNext()) {
            Map.Entry<String, JsonNode> id = ids.next();
            primary = id.getKey();
            columns.add("`" + primary + "` INT AUTO_INCREMENT NOT NULL");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = m.path("fields").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode spec = f.getValue();
            String column = spec.has("column") ? spec.get("column").asText() : f.getKey();
            String type = switch (spec.path("type").asText()) {
                case "integer" -> "INT";
                case "boolean" -> "TINYINT(1)";
                case "datetime" -> "DATETIME";
                case "text" -> "LONGTEXT";
                case "binary_string" -> "VARBINARY(" + spec.path("length").asInt(255) + ")";
                case "string" -> "VARCHAR(" + spec.path("length").asInt(255) + ")";
                default -> throw new IllegalStateException(name + "." + column + ": Doctrine type " + spec.path("type") + " is not mapped");
            };
            boolean nullable = spec.path("nullable").asText("false").startsWith("true");
            StringBuilder sql = new StringBuilder("`" + column + "` " + type + (nullable ? " DEFAULT NULL" : " NOT NULL"));
            columns.add(sql.toString());
            if (spec.path("unique").asBoolean(false)) columns.add("UNIQUE KEY `UNIQ_" + name + "_" + column + "` (`" + column + "`)");
        }
        for (String relation : List.of("manyToOne", "oneToOne")) {
            Iterator<Map.Entry<String, JsonNode>> joins = m.path(relation).fields();
            while (joins.hasNext()) {
                Map.Entry<String, JsonNode> join = joins.next();
                JsonNode jc = join.getValue().path("joinColumn");
                if (join.getValue().has("mappedBy")) continue;
                String column = jc.has("name") ? jc.get("name").asText() : join.getKey() + "_id";
                columns.add("`" + column + "` INT DEFAULT NULL");
                columns.add("KEY `IDX_" + name + "_" + column + "` (`" + column + "`)");
            }
        }
        if (primary != null) columns.add("PRIMARY KEY (`" + primary + "`)");
        Iterator<Map.Entry<String, JsonNode>> uniques = m.path("uniqueConstraints").fields();
        while (uniques.hasNext()) {
            Map.Entry<String, JsonNode> u = uniques.next();
            columns.add("UNIQUE KEY `" + u.getKey() + "` (" + columnList(u.getValue().path("columns")) + ")");
        }
        Iterator<Map.Entry<String, JsonNode>> indexes = m.path("indexes").fields();
        while (indexes.hasNext()) {
            Map.Entry<String, JsonNode> i = indexes.next();
            columns.add("KEY `" + i.getKey() + "` (" + columnList(i.getValue().path("columns")) + ")");
        }
        String create = "CREATE TABLE `" + name + "` (\n  " + String.join(",\n  ", columns)
                + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci";
        return new Table(name, create, List.of());
    }

    private static String columnList(JsonNode columns) {
        List<String> names = new ArrayList<>();
        if (columns.isArray()) columns.forEach(c -> names.add("`" + c.asText().trim() + "`"));
        else for (String c : columns.asText().split(",")) names.add("`" + c.trim() + "`");
        return String.join(", ", names);
    }

    /** Parse an XML test resource without DTDs or external entities. */
    static Document readXml(String resource) {
        try (InputStream in = PhraseanetSchema.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("test resource " + resource + " is missing");
            return parseXml(new InputSource(in));
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    static Document parseXml(String xml) {
        return parseXml(new InputSource(new StringReader(xml)));
    }

    private static Document parseXml(InputSource source) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setXIncludeAware(false);
            return factory.newDocumentBuilder().parse(source);
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse XML: " + e.getMessage(), e);
        }
    }

    static Element child(Element parent, String name) {
        if (parent == null) return null;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) return e;
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        if (parent == null) return result;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) result.add(e);
        }
        return result;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }
}
