package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;

/**
 * {@code ruaflow run --demo}: copy samples/demo/ to a temporary folder, import it once into a fresh DuckDB store
 * (in-process pipeline, no DNS), then serve the HTTP API on that store. The API server lives in the api module
 * ({@code io.ruaflow.api.ApiServer}); this hook is where it gets wired in.
 */
final class DemoHook {
    private DemoHook() {}

    static int run(PipelineConfig config) {
        throw new UnsupportedOperationException(
                "ruaflow run --demo needs io.ruaflow.api.ApiServer, which is not wired into this build yet");
    }
}
