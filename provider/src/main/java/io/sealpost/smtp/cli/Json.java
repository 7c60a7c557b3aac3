package io.sealpost.smtp.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the few value types the command line's {@code --json} output has: maps (objects, in insertion
 * order), lists, strings, numbers, booleans and null. Strings are escaped per RFC 8259 §7, so a server's
 * banner or an exception message cannot break the document.
 */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        StringBuilder text = new StringBuilder();
        write(value, text, 0);
        return text.append('\n').toString();
    }

    private static void write(Object value, StringBuilder text, int depth) {
        if (value == null) {
            text.append("null");
        } else if (value instanceof String string) {
            string(string, text);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            text.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                text.append("{}");
                return;
            }
            text.append("{\n");
            Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<?, ?> entry = entries.next();
                indent(text, depth + 1);
                string(String.valueOf(entry.getKey()), text);
                text.append(": ");
                write(entry.getValue(), text, depth + 1);
                text.append(entries.hasNext() ? ",\n" : "\n");
            }
            indent(text, depth);
            text.append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                text.append("[]");
                return;
            }
            text.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                indent(text, depth + 1);
                write(list.get(i), text, depth + 1);
                text.append(i < list.size() - 1 ? ",\n" : "\n");
            }
            indent(text, depth);
            text.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void indent(StringBuilder text, int depth) {
        text.append("  ".repeat(depth));
    }

    static void string(String value, StringBuilder text) {
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\b' -> text.append("\\b");
                case '\f' -> text.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }
}
