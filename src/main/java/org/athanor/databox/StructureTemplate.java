package org.athanor.databox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/**
 * The structures a new databox can start from: Phraseanet 4.0's data templates, shipped verbatim as resources in
 * {@code org/athanor/databox/templates/}.
 */
public enum StructureTemplate {
    EN_SIMPLE("en-simple"),
    FR_SIMPLE("fr-simple"),
    DUBLIN_CORE("DublinCore");

    private final String templateName;

    StructureTemplate(String templateName) {
        this.templateName = templateName;
    }

    /** Return Phraseanet's name of the template, e.g. {@code en-simple}, as given to databox creation. */
    public String templateName() {
        return templateName;
    }

    /**
     * Find a template by its Phraseanet name, ignoring case.
     *
     * @throws AthanorException with {@link ErrorCode#BAD_ARGUMENT} listing the valid names
     */
    public static StructureTemplate byName(String name) {
        for (StructureTemplate template : values()) {
            if (name != null && template.templateName.equalsIgnoreCase(name.strip())) {
                return template;
            }
        }
        throw new AthanorException(ErrorCode.BAD_ARGUMENT, "structure template '" + name + "' is unknown; valid names are "
                + Arrays.stream(values()).map(StructureTemplate::templateName).collect(Collectors.joining(", ")));
    }

    /** Read and parse the template; each call returns a fresh, equal structure. */
    public Structure load() {
        String resource = "templates/" + templateName + ".xml";
        try (InputStream in = StructureTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AthanorException(ErrorCode.INTERNAL, "structure template resource org/athanor/databox/"
                        + resource + " is missing from the program; reinstall Athanor");
            }
            return StructureXml.parse(in, templateName + ".xml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
