package io.ruaflow.api.internal;

import io.ruaflow.parser.Csv;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a list of flat records as CSV: one column per component, snake_case headers. */
public final class RecordCsv {
    private RecordCsv() {}

    public static <R extends Record> String render(Class<R> type, List<R> rows) {
        RecordComponent[] components = type.getRecordComponents();
        StringWriter out = new StringWriter();
        Csv csv = new Csv(out);
        Object[] header = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            header[i] = snake(components[i].getName());
        }
        csv.row(header);
        for (R row : rows) {
            List<Object> cells = new ArrayList<>(components.length);
            for (RecordComponent component : components) {
                cells.add(value(component, row));
            }
            csv.row(cells.toArray());
        }
        return out.toString();
    }

    private static Object value(RecordComponent component, Record row) {
        try {
            Object value = component.getAccessor().invoke(row);
            if (value instanceof Map<?, ?> map) {
                return map.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .sorted()
                        .collect(Collectors.joining("; "));
            }
            if (value instanceof Number || value instanceof Boolean || value instanceof List<?> || value == null) {
                return value;
            }
            return value.toString();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }

    static String snake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
