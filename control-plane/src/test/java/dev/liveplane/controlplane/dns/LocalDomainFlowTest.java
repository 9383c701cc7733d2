package dev.liveplane.controlplane.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.dns.DomainCheck.Cname;
import dev.liveplane.controlplane.dns.DomainCheck.Ownership;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local stack's whole flow: one embedded server holds the platform zone and a tenant's zone, checked by DNS. */
class LocalDomainFlowTest {

    private EmbeddedDnsServer dns;
    private DomainChecker checker;

    @BeforeEach
    void start() {
        dns = EmbeddedDnsServer.start(List.of("liveplane.test", "example.com", "example.net"), "127.0.0.1", 0);
        checker = new DnsJavaDomainChecker("127.0.0.1:" + dns.port(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void aDomainIsVerifiedOnceTheTenantPublishesTheTokenAndTheCname() {
        String target = "play.example.com.acme.lv.liveplane.test";
        dns.upsertAddresses(target, List.of("127.0.0.1"));

        DomainCheck before = checker.check("play.example.com", "_liveplane-challenge.play.example.com", "tok", target);
        dns.putTxt("_liveplane-challenge.play.example.com", "tok");
        dns.upsertCname("play.example.com", target);
        DomainCheck after = checker.check("play.example.com", "_liveplane-challenge.play.example.com", "tok", target);
        dns.deleteRecords("play.example.com");
        DomainCheck withdrawn = checker.check("play.example.com", "_liveplane-challenge.play.example.com", "tok",
                target);

        assertThat(before).isEqualTo(new DomainCheck(Ownership.TXT_MISSING, Cname.CNAME_MISSING, List.of()));
        assertThat(after).isEqualTo(new DomainCheck(Ownership.OK, Cname.OK, List.of("TXT \"tok\"", "CNAME " + target)));
        assertThat(withdrawn.cname()).isEqualTo(Cname.CNAME_MISSING);
    }

    @Test
    void aChallengeDelegatedByCnameCounts() {
        // What ACME users do: the challenge name points into a zone a DNS-automation service manages.
        dns.upsertCname("_liveplane-challenge.play.example.com", "play.challenges.example.net");
        dns.putTxt("play.challenges.example.net", "tok");

        DomainCheck check = checker.check("play.example.com", "_liveplane-challenge.play.example.com", "tok",
                "play.example.com.acme.lv.liveplane.test");

        assertThat(check.ownership()).isEqualTo(Ownership.OK);
    }

    @Test
    void utf8TxtValuesAreShownAsWritten() {
        dns.putTxt("_liveplane-challenge.play.example.com", "jeton-clé");

        DomainCheck check = checker.check("play.example.com", "_liveplane-challenge.play.example.com", "tok",
                "play.example.com.acme.lv.liveplane.test");

        assertThat(check.ownership()).isEqualTo(Ownership.TXT_WRONG);
        assertThat(check.found()).containsExactly("TXT \"jeton-clé\"");
    }
}
