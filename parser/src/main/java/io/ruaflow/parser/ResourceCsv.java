package io.ruaflow.parser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The small comma-separated tables shipped in ruaflow's jars: {@code #} comments, one header line, no quoting. */
public final class ResourceCsv {
    private ResourceCsv() {}

    /**
     * The trimmed fields of every data row of {@code resource} (next to {@code owner}, in its jar), each with
     * exactly as many fields as {@code header} names.
     *
     * @throws IllegalStateException naming the resource and line when the jar lacks it or a row is malformed
     */
    public static List<String[]> read(Class<?> owner, String resource, String header) {
        int columns = header.split(",").length;
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar of " + owner.getName());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#") || line.equals(header)) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != columns) {
                    throw new IllegalStateException(
                            resource + " line " + lineNumber + " must be " + header + ": " + line);
                }
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = fields[i].trim();
                }
                rows.add(fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource + " could not be read", e);
        }
        return rows;
    }
}
