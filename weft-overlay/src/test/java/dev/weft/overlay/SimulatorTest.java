package dev.weft.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The simulator at 1,000 peers (docs/overlay.md "Simulator"): the targets as assertions. The 10,000-peer
 * run is {@link SimulatorBenchmark}.
 */
class SimulatorTest {
    @Test
    void aThousandPeersMeetTheTargets() throws Exception {
        Simulator.Report r;
        Identity.simulate(true); // the curve arithmetic is stood in for (Identity); everything else is real
        try {
            r = new Simulator(Integer.parseInt(System.getenv().getOrDefault("SIM_PEERS", "1000")), 5).run();
        } finally {
            Identity.simulate(false);
        }
        System.out.println(r.text());
        assertThat(r.islandsBefore()).isZero();
        // One census peer per group once settled (the closer-census rule in Census), not one per 64 adverts.
        assertThat(r.censusSenders()).as("census senders in the steady phase").isEqualTo(1);
        assertThat(r.censusSent()).as("census broadcasts in the steady phase").isPositive();
        assertThat(r.delivery()).isEqualTo(1.0);
        assertThat(r.copiesPerDelivery()).isLessThan(2.0);
        assertThat(r.lookupMaxRounds()).isLessThanOrEqualTo((int) Math.floor(Math.log(r.peers()) / Math.log(2)));
        assertThat(r.islandsAfter()[2]).as("islands 10 s after 30%% left").isZero();
        assertThat(r.deliveryAfterChurn()).isEqualTo(1.0);
    }
}
