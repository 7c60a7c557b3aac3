package io.sealpost.smtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void stringsFromTheServerCannotBreakTheDocument() {
        StringBuilder text = new StringBuilder();
        Json.string("220 \"evil\"\\ banner\r\n\t\u0001\u2028", text);
        assertEquals("\"220 \\\"evil\\\"\\\\ banner\\r\\n\\t\\u0001\\u2028\"", text.toString());
    }

    @Test
    void objectsKeepTheirOrderAndNullsStayNull() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("b", 1);
        root.put("a", Arrays.asList("x", null));
        root.put("c", Map.of());
        root.put("d", List.of());
        root.put("e", null);
        root.put("f", true);
        assertEquals("{\n  \"b\": 1,\n  \"a\": [\n    \"x\",\n    null\n  ],\n  \"c\": {},\n  \"d\": [],\n  \"e\": null,\n  \"f\": true\n}\n",
                Json.write(root));
    }
}
