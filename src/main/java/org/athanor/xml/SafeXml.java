package org.athanor.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses XML that comes from outside Athanor (files, database columns, settings typed by an administrator) with
 * every door to XXE closed: a {@code <!DOCTYPE>} is refused outright, so no DTD, internal or external entity is read;
 * external DTDs, schemas and XInclude are off; secure processing limits apply. Not namespace aware.
 *
 * <p>Errors are thrown, never printed: the default parser writes "[Fatal Error]" lines to stderr.
 */
public final class SafeXml {
    private SafeXml() {}

    /**
     * Parse {@code xml}.
     *
     * @throws SAXException when it is not well-formed or declares a DOCTYPE ({@link #isDoctypeRefused} tells which)
     */
    public static Document parse(String xml) throws SAXException {
        try {
            return parse(new InputSource(new StringReader(xml)));
        } catch (IOException e) {
            throw new IllegalStateException("a string cannot fail to be read", e);
        }
    }

    /** Parse the document read from {@code in} (not closed); see {@link #parse(String)}. */
    public static Document parse(InputStream in) throws SAXException, IOException {
        return parse(new InputSource(in));
    }

    /** Parse the document of {@code source}; see {@link #parse(String)}. */
    public static Document parse(InputSource source) throws SAXException, IOException {
        return newDocumentBuilder().parse(source);
    }

    /** Return whether {@code e} is the refusal of a {@code <!DOCTYPE>} declaration, rather than any other malformed XML. */
    public static boolean isDoctypeRefused(SAXException e) {
        return String.valueOf(e.getMessage()).contains("DOCTYPE");
    }

    private static DocumentBuilder newDocumentBuilder() {
        DocumentBuilder builder;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            builder = factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("this Java's XML parser cannot be made safe: " + e.getMessage(), e);
        }
        builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        builder.setErrorHandler(new ErrorHandler() {
            @Override public void warning(SAXParseException e) {
                // a warning does not stop the parse and is not worth a line on stderr
            }

            @Override public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return builder;
    }
}
