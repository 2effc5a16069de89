package dev.postern.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reads an XML property list (Apple's PropertyList-1.0 DTD) into maps, lists, strings and booleans. */
final class Plist {
    private Plist() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> dict(Document doc) {
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("plist") || !"1.0".equals(root.getAttribute("version"))) {
            throw new AssertionError("not a plist 1.0: <" + root.getTagName() + ">");
        }
        List<Element> top = elements(root);
        if (top.size() != 1) {
            throw new AssertionError("a plist holds exactly one value");
        }
        return (Map<String, Object>) value(top.getFirst());
    }

    private static Object value(Element e) {
        return switch (e.getTagName()) {
            case "dict" -> {
                Map<String, Object> map = new LinkedHashMap<>();
                List<Element> items = elements(e);
                for (int i = 0; i < items.size(); i += 2) {
                    if (!items.get(i).getTagName().equals("key") || i + 1 >= items.size()) {
                        throw new AssertionError("dict entries must be <key> then a value");
                    }
                    map.put(items.get(i).getTextContent(), value(items.get(i + 1)));
                }
                yield map;
            }
            case "array" -> elements(e).stream().map(Plist::value).toList();
            case "string", "integer" -> e.getTextContent();
            case "true" -> true;
            case "false" -> false;
            default -> throw new AssertionError("unexpected plist element <" + e.getTagName() + ">");
        };
    }

    private static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                out.add(child);
            }
        }
        return out;
    }
}
