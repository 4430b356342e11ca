package io.ruaflow.deploy;

import io.ruaflow.deploy.config.PipelineConfig;

/** The production parts for {@link Pipeline}: the real parser, enricher and store named by the config. */
final class Parts {
    private Parts() {}

    static Pipeline.Parts real(PipelineConfig config) {
        return new Pipeline.Parts(
                () -> Wiring.parser(config), () -> Wiring.enricher(config), () -> Wiring.store(config));
    }
}
