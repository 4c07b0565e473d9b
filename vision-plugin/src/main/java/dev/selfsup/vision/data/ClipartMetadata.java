package dev.selfsup.vision.data;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Dublin Core metadata of an Open Clip Art SVG: the work's own {@code dc:title} and {@code dc:description}
 * (direct children of its {@code cc:Work}; the creator's and publisher's titles nested deeper are not the work's)
 * and its keywords ({@code dc:subject}'s {@code rdf:li}s). Read with StAX, external entities and DTD loading off
 * (internal entities, which Inkscape writes, are expanded under the JDK's expansion limits).
 *
 * @param title the title, trimmed ("" if none)
 * @param description the description, trimmed ("" if none)
 * @param keywords the keywords, trimmed, empty ones left out
 */
record ClipartMetadata(String title, String description, List<String> keywords) {

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        XML.setProperty("javax.xml.stream.isSupportingExternalEntities", false);
        XML.setXMLResolver((publicId, systemId, base, namespace) -> InputStream.nullInputStream());
    }

    /**
     * Reads an SVG's metadata.
     *
     * @param svg the file
     * @return its metadata
     * @throws IOException naming the file if it cannot be read or is not well-formed XML
     */
    static ClipartMetadata read(Path svg) throws IOException {
        try (InputStream in = Files.newInputStream(svg)) {
            XMLStreamReader xml = XML.createXMLStreamReader(in);
            try {
                return parse(xml);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException(svg + ": not well-formed SVG: " + e.getMessage(), e);
        }
    }

    private static ClipartMetadata parse(XMLStreamReader xml) throws XMLStreamException {
        String title = "";
        String description = "";
        List<String> keywords = new ArrayList<>();
        int workDepth = -1;
        int depth = 0;
        String field = null;
        boolean inSubject = false;
        StringBuilder text = new StringBuilder();
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = xml.getLocalName();
                if (workDepth < 0 && name.equals("Work")) {
                    workDepth = depth;
                } else if (workDepth > 0 && depth == workDepth + 1) {
                    field = name;
                    inSubject = name.equals("subject");
                    text.setLength(0);
                } else if (inSubject && name.equals("li")) {
                    text.setLength(0);
                }
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                if (field != null) {
                    text.append(xml.getText());
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String name = xml.getLocalName();
                if (workDepth > 0 && depth == workDepth) {
                    break;
                }
                if (inSubject && name.equals("li")) {
                    String keyword = text.toString().trim();
                    if (!keyword.isEmpty()) {
                        keywords.add(keyword);
                    }
                } else if (workDepth > 0 && depth == workDepth + 1) {
                    if ("title".equals(field)) {
                        title = text.toString().trim();
                    } else if ("description".equals(field)) {
                        description = text.toString().trim();
                    }
                    field = null;
                    inSubject = false;
                }
                depth--;
            }
        }
        return new ClipartMetadata(title, description, keywords);
    }
}
