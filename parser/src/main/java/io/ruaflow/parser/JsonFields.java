package io.ruaflow.parser;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the values of the objects ruaflow writes field by field ({@link ReportJson#writeRecord}), the way
 * {@link ReportJson#mapper()} reads them: a missing or null primitive is 0 or false, a scalar is read as text
 * where text is expected, unknown keys are skipped (a newer writer may add some). Anything else is an
 * {@link IllegalArgumentException} naming the key. Every method reads the value the parser's current token starts.
 */
public final class JsonFields {
    private JsonFields() {}

    /** Reads one value. */
    @FunctionalInterface
    public interface ValueReader<T> {
        T read(JsonParser json) throws IOException;
    }

    /** Takes the value of one key; skips it with {@link JsonParser#skipChildren()} when the key is unknown. */
    @FunctionalInterface
    public interface FieldReader {
        void read(String key, JsonParser json) throws IOException;
    }

    /**
     * Reads the object the current token starts, calling {@code fields} with the parser on each key's value.
     *
     * @return false when the value is null (nothing was read)
     */
    public static boolean object(JsonParser json, FieldReader fields) throws IOException {
        JsonToken start = json.currentToken();
        if (start == JsonToken.VALUE_NULL) {
            return false;
        }
        if (start != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("expected an object, found " + start);
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            json.nextToken();
            fields.read(key, json);
        }
        return true;
    }

    /** Text, null, or a number or boolean as its text. */
    public static String text(JsonParser json) throws IOException {
        JsonToken token = json.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return json.getText();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return json.getValueAsString();
        }
        throw new IllegalArgumentException(json.currentName() + ": expected text, found " + token);
    }

    /** A whole number (0 for null), also written as text. */
    public static long longValue(JsonParser json) throws IOException {
        Long value = optLong(json);
        return value == null ? 0 : value;
    }

    /** A whole number, or null. */
    public static Integer optInt(JsonParser json) throws IOException {
        Long value = optLong(json);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(json.currentName() + ": " + value + " is out of range");
        }
        return value.intValue();
    }

    private static Long optLong(JsonParser json) throws IOException {
        JsonToken token = json.currentToken();
        switch (token) {
            case VALUE_NUMBER_INT:
                return json.getLongValue();
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                try {
                    return Long.parseLong(json.getText().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            json.currentName() + ": '" + json.getText() + "' is not a whole number");
                }
            default:
                throw new IllegalArgumentException(json.currentName() + ": expected a whole number, found " + token);
        }
    }

    /** true or false (false for null). */
    public static boolean bool(JsonParser json) throws IOException {
        return Boolean.TRUE.equals(optBool(json));
    }

    /** true, false or null. */
    public static Boolean optBool(JsonParser json) throws IOException {
        JsonToken token = json.currentToken();
        return switch (token) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException(
                    json.currentName() + ": expected true or false, found " + token);
        };
    }

    /** The array the current token starts, each element read by {@code element}; null for null. */
    public static <T> List<T> list(JsonParser json, ValueReader<T> element) throws IOException {
        JsonToken start = json.currentToken();
        if (start == JsonToken.VALUE_NULL) {
            return null;
        }
        if (start != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException(json.currentName() + ": expected an array, found " + start);
        }
        List<T> items = new ArrayList<>(2);
        while (json.nextToken() != JsonToken.END_ARRAY) {
            items.add(element.read(json));
        }
        return items;
    }
}
