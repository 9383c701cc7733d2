package dev.liveplane.controlplane.charging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ladder alone: the default is Alibaba Cloud's, prices are exact and rounding never loses or adds. */
class PaygTiersTest {

    static final long GB = PaygTiers.GB;
    static final long TB = 1L << 40;

    final PaygTiers alibaba = PaygTiers.parse("10TB:24,50TB:23,100TB:21,1PB:18,*:15");

    @Test
    void theDefaultLadderPricesEachTierOfTheMonth() {
        assertThat(alibaba.price(GB)).isEqualTo(24);
        assertThat(alibaba.price(10 * TB)).isEqualTo(10 * 1024 * 24);
        assertThat(alibaba.price(10 * TB + GB)).isEqualTo(10 * 1024 * 24 + 23);
        long toOnePb = 10 * 1024 * 24L + 40 * 1024 * 23L + 50 * 1024 * 21L + 924 * 1024 * 18L;
        assertThat(alibaba.price(1024 * TB)).isEqualTo(toOnePb);
        assertThat(alibaba.price(1024 * TB + 2 * GB)).isEqualTo(toOnePb + 30);
    }

    @Test
    void aChargeAcrossATierBoundaryPaysEachSideItsPrice() {
        assertThat(alibaba.charge(10 * TB - GB, 2 * GB)).isEqualTo(24 + 23);
    }

    @Test
    void chargesOfAnySplitAddUpToTheFloorOfTheMonthsPrice() {
        Random random = new Random(14);
        for (int month = 0; month < 200; month++) {
            long before = 0;
            long sum = 0;
            for (int i = 0; i < 50; i++) {
                long bytes = random.nextInt(4) == 0 ? random.nextLong(GB * 300) : random.nextLong(1, 10_000_000);
                sum += alibaba.charge(before, bytes);
                before += bytes;
            }
            assertThat(sum).isEqualTo(alibaba.price(before));
        }
    }

    @Test
    void fractionsAreCarriedNotLost() {
        PaygTiers ten = PaygTiers.parse("*:10");
        long tenthOfAUnit = GB / 100; // 0.1 minor unit each
        long charged = 0;
        for (int i = 0; i < 100; i++) {
            charged += ten.charge(i * tenthOfAUnit, tenthOfAUnit);
        }
        assertThat(charged).isEqualTo(ten.price(100 * tenthOfAUnit)).isEqualTo(9); // 100 * GB/100 < GB: 9.99...
    }

    @Test
    void malformedLaddersAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PaygTiers.parse("10TB:24")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("last tier must be '*:PRICE'");
        assertThatThrownBy(() -> PaygTiers.parse("*:1,10TB:24")).hasMessageContaining("must be the last tier");
        assertThatThrownBy(() -> PaygTiers.parse("50TB:24,10TB:23,*:1")).hasMessageContaining("must grow");
        assertThatThrownBy(() -> PaygTiers.parse("10XB:24,*:1")).hasMessageContaining("GB, TB or PB");
        assertThatThrownBy(() -> PaygTiers.parse("10TB:-1,*:1")).hasMessageContaining("minor units per GB");
        assertThatThrownBy(() -> PaygTiers.parse("10TB:0.24,*:1")).hasMessageContaining("not a whole number");
    }
}
