package io.ruaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiTest {

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        try (ApiServer server = ApiServer.start(
                ApiSettings.loopback(0),
                new CannedStore(),
                UploadHandler.refusing("read-only"),
                new SimpleMeterRegistry())) {
            JsonNode doc = Http.json(new Http(server.port(), null).get("/openapi.json"));
            assertThat(doc.path("openapi").asText()).startsWith("3.");
            List<String> documented = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                path.getValue()
                        .fieldNames()
                        .forEachRemaining(
                                method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
            }
            assertThat(documented).containsExactlyInAnyOrderElementsOf(server.routes());
        }
    }

    @Test
    void everyPathParameterIsDeclaredAndEveryReferenceResolves() {
        try (ApiServer server = ApiServer.start(
                ApiSettings.loopback(0),
                new CannedStore(),
                UploadHandler.refusing("read-only"),
                new SimpleMeterRegistry())) {
            String text = new Http(server.port(), null).get("/openapi.json").body();
            JsonNode doc = Http.json(new Http(server.port(), null).get("/openapi.json"));
            doc.path("paths").fields().forEachRemaining(path -> path.getValue().forEach(operation -> {
                java.util.regex.Matcher m =
                        java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path.getKey());
                while (m.find()) {
                    String name = m.group(1);
                    boolean declared = false;
                    for (JsonNode p : operation.path("parameters")) {
                        declared |= p.path("in").asText().equals("path")
                                && p.path("name").asText().equals(name);
                    }
                    assertThat(declared).as(path.getKey() + " declares " + name).isTrue();
                }
                assertThat(operation.path("responses").size()).as(path.getKey()).isPositive();
            }));
            java.util.regex.Matcher refs = java.util.regex.Pattern.compile("#/components/schemas/(\\w+)")
                    .matcher(text);
            while (refs.find()) {
                assertThat(doc.path("components").path("schemas").has(refs.group(1)))
                        .as(refs.group(1))
                        .isTrue();
            }
        }
    }
}
