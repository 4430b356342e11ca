package io.ruaflow.samples;

/** The zone checks on the largest world: every domain slot, records padded with synthetic spoofers. */
class LargestWorldZoneTest extends SampleZoneTest {
    @Override
    SampleGenerator generator() {
        return SampleGenerator.fromSeed(
                5,
                SampleGeneratorTest.SIX_WEEKS
                        .withDomains(SampleWorld.MAX_DOMAINS)
                        .withReports(120)
                        .withRecordsPerReport(30));
    }
}
