package dev.liveplane.controlplane.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.controlplane.dns.DomainCheck.Cname;
import dev.liveplane.controlplane.dns.DomainCheck.Ownership;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks tenant domains against a real dnsmasq on loopback that serves their TXT and CNAME records. */
class DnsJavaDomainCheckerTest {

    private static final String PLATFORM = ".acme.lv.liveplane.test";
    private static final String[] BIG_TXT = new String[10];

    private static Dnsmasq dnsmasq;
    private static DomainChecker checker;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        List<String> records = new ArrayList<>(List.of(
                "--txt-record=_liveplane-challenge.ok.example.com,tok-ok",
                "--cname=ok.example.com,ok.example.com" + PLATFORM,
                "--host-record=ok.example.com" + PLATFORM + ",192.0.2.1",
                "--cname=notxt.example.com,notxt.example.com" + PLATFORM,
                "--host-record=notxt.example.com" + PLATFORM + ",192.0.2.1",
                "--txt-record=_liveplane-challenge.wrongtxt.example.com,someone-elses-token",
                "--cname=wrongtxt.example.com,wrongtxt.example.com" + PLATFORM,
                "--host-record=wrongtxt.example.com" + PLATFORM + ",192.0.2.1",
                "--txt-record=_liveplane-challenge.nocname.example.com,tok-nocname",
                "--host-record=nocname.example.com,198.51.100.7",
                "--txt-record=_liveplane-challenge.elsewhere.example.com,tok-elsewhere",
                "--cname=elsewhere.example.com,edge.other-cdn.example.net",
                "--host-record=edge.other-cdn.example.net,203.0.113.9",
                "--txt-record=_liveplane-challenge.several.example.com,old-token",
                "--txt-record=_liveplane-challenge.several.example.com,tok-several",
                "--txt-record=_liveplane-challenge.several.example.com,tok-,split",
                "--cname=several.example.com,several.example.com" + PLATFORM,
                "--host-record=several.example.com" + PLATFORM + ",192.0.2.1"));
        for (int i = 0; i < BIG_TXT.length; i++) {
            BIG_TXT[i] = "big-" + i + "-" + "x".repeat(200);
            records.add("--txt-record=_liveplane-challenge.big.example.com," + BIG_TXT[i]);
        }
        dnsmasq = Dnsmasq.start("example.com", records);
        checker = new DnsJavaDomainChecker(dnsmasq.resolver(), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        dnsmasq.close();
    }

    @Test
    void aDomainWithTheTokenAndTheCnameIsVerified() {
        DomainCheck check = check("ok.example.com", "tok-ok");

        assertThat(check).isEqualTo(new DomainCheck(Ownership.OK, Cname.OK,
                List.of("TXT \"tok-ok\"", "CNAME ok.example.com" + PLATFORM)));
        assertThat(check.verified()).isTrue();
    }

    @Test
    void theExpectedCnameMatchesWhateverItsCaseAndTrailingDot() {
        DomainCheck check = checker.check("ok.example.com", "_liveplane-challenge.ok.example.com", "tok-ok",
                "OK.Example.COM.ACME.lv.liveplane.test.");

        assertThat(check.cname()).isEqualTo(Cname.OK);
    }

    @Test
    void aMissingTxtRecordIsTxtMissing() {
        DomainCheck check = check("notxt.example.com", "tok-notxt");

        assertThat(check.ownership()).isEqualTo(Ownership.TXT_MISSING);
        assertThat(check.cname()).isEqualTo(Cname.OK);
        assertThat(check.verified()).isFalse();
        assertThat(check.found()).containsExactly("CNAME notxt.example.com" + PLATFORM);
    }

    @Test
    void aTxtRecordWithAnotherValueIsTxtWrongAndShowsWhatWasFound() {
        DomainCheck check = check("wrongtxt.example.com", "tok-wrongtxt");

        assertThat(check.ownership()).isEqualTo(Ownership.TXT_WRONG);
        assertThat(check.cname()).isEqualTo(Cname.OK);
        assertThat(check.verified()).isFalse();
        assertThat(check.found()).contains("TXT \"someone-elses-token\"");
    }

    @Test
    void aDomainWithAddressesInsteadOfTheCnameIsCnameMissing() {
        DomainCheck check = check("nocname.example.com", "tok-nocname");

        assertThat(check).isEqualTo(new DomainCheck(Ownership.OK, Cname.CNAME_MISSING, List.of("TXT \"tok-nocname\"")));
        assertThat(check.verified()).isFalse();
    }

    @Test
    void aDomainThatDoesNotExistHasNeitherRecord() {
        DomainCheck check = check("absent.example.com", "tok-absent");

        assertThat(check).isEqualTo(new DomainCheck(Ownership.TXT_MISSING, Cname.CNAME_MISSING, List.of()));
    }

    @Test
    void aCnameToAnotherHostIsCnameElsewhereAndShowsTheTarget() {
        DomainCheck check = check("elsewhere.example.com", "tok-elsewhere");

        assertThat(check.ownership()).isEqualTo(Ownership.OK);
        assertThat(check.cname()).isEqualTo(Cname.CNAME_ELSEWHERE);
        assertThat(check.found()).contains("CNAME edge.other-cdn.example.net");
        assertThat(check.verified()).isFalse();
    }

    @Test
    void oneOfSeveralTxtValuesIsEnoughAndMultiStringValuesAreJoined() {
        DomainCheck single = check("several.example.com", "tok-several");
        DomainCheck joined = check("several.example.com", "tok-split");

        assertThat(single.verified()).isTrue();
        assertThat(joined.verified()).isTrue();
        assertThat(single.found()).contains("TXT \"old-token\"", "TXT \"tok-several\"", "TXT \"tok-split\"");
        assertThat(check("several.example.com", "tok-").ownership()).isEqualTo(Ownership.TXT_WRONG);
    }

    @Test
    void txtValuesTooManyForOneUdpAnswerAreReadOverTcp() {
        DomainCheck check = checker.check("big.example.com", "_liveplane-challenge.big.example.com", BIG_TXT[7],
                "big.example.com" + PLATFORM);

        assertThat(check.ownership()).isEqualTo(Ownership.OK);
        assertThat(check.found()).hasSize(BIG_TXT.length);
    }

    @Test
    void aResolverThatRefusesGivesNoVerdict() {
        assertThatThrownBy(() -> check("play.example.org", "tok"))
                .isInstanceOf(DnsLookupException.class)
                .hasMessageContaining("REFUSED")
                .hasMessageContaining("_liveplane-challenge.play.example.org");
    }

    @Test
    void aResolverThatDoesNotAnswerFailsWithinTheTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DomainChecker toSilence = new DnsJavaDomainChecker("127.0.0.1:" + silent.getLocalPort(),
                    Duration.ofMillis(500));
            long start = System.nanoTime();

            assertThatThrownBy(() -> toSilence.check("ok.example.com", "_liveplane-challenge.ok.example.com", "tok-ok",
                    "ok.example.com" + PLATFORM))
                    .isInstanceOf(DnsLookupException.class)
                    .hasMessageContaining("127.0.0.1:" + silent.getLocalPort());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        }
    }

    private static DomainCheck check(String domain, String token) {
        return checker.check(domain, "_liveplane-challenge." + domain, token, domain + PLATFORM);
    }
}
