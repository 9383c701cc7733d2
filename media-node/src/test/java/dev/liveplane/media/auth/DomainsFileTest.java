package dev.liveplane.media.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.api.signing.SigningScheme;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DomainsFileTest {

    private static final String PUSH = """
            - name: Push.Example.com
              type: push
              scheme: A
              primaryKey: k1
              secondaryKey: k2
              validitySeconds: 1800
            """;

    @Test
    void readsYaml() throws Exception {
        DomainsFile file = DomainsFile.parse("""
                clockSkewSeconds: 10
                hlsSessionSecret: sixteen-chars-at-least
                domains:
                  - name: push.example.com
                    type: push
                    scheme: TX
                    primaryKey: k1
                    validitySeconds: 86400
                  - name: play.example.com
                    type: pull
                    pushDomain: push.example.com
                    scheme: HMAC
                    primaryKey: k3
                    validitySeconds: 600
                """, "domains.yaml");

        DomainConfig play = file.snapshot().find("PLAY.example.com").orElseThrow();
        assertThat(play.type()).isEqualTo(DomainConfig.Type.PULL);
        assertThat(play.pushDomain()).isEqualTo("push.example.com");
        assertThat(play.verifier().policy().scheme()).isEqualTo(SigningScheme.HMAC);
        assertThat(play.verifier().policy().validity()).isEqualTo(Duration.ofMinutes(10));
        assertThat(file.hlsSessionSecret()).isNotNull();
        assertThat(file.hlsSessionTtl()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void readsTheShippedExample() throws Exception {
        DomainsFile file = DomainsFile.load(Path.of("domains.example.yaml"));

        assertThat(file.snapshot().find("play.example.com").orElseThrow().pushDomain()).isEqualTo("push.example.com");
    }

    @Test
    void readsJson() throws Exception {
        DomainsFile file = DomainsFile.parse("""
                {"domains": [{"name": "push.example.com", "type": "push", "scheme": "A", "primaryKey": "k",
                              "validitySeconds": 1800}]}
                """, "domains.json");

        assertThat(file.snapshot().find("push.example.com")).isPresent();
        assertThat(file.hlsSessionSecret()).isNull();
    }

    @Test
    void namesTheFaultyPlace() {
        assertRefused("domains:\n" + PUSH.replace("primaryKey", "primarykey").indent(2),
                "domains[0].primarykey: unknown field");
        assertRefused("domains:\n" + PUSH.replace("scheme: A", "scheme: B").indent(2),
                "domains[0].scheme: must be one of A, TX, HMAC, JWT");
        assertRefused("domains:\n" + PUSH.indent(2) + PUSH.indent(2), "domains[1].name: push.example.com is listed twice");
        assertRefused("domains:\n" + PUSH.replace("Push.Example.com", "bad_name!").indent(2),
                "domains[0].name: 'bad_name!' is not a DNS name");
        assertRefused("domains:\n" + PUSH.replace("primaryKey: k1", "primaryKey: ''").indent(2),
                "domains[0]: the A scheme needs a primary key");
        assertRefused("domains:\n" + PUSH.replace("validitySeconds: 1800", "validitySeconds: -5").indent(2),
                "domains[0].validitySeconds: must be a whole number");
        assertRefused("""
                domains:
                  - name: play.example.com
                    type: pull
                    scheme: A
                    primaryKey: k
                    validitySeconds: 60
                """, "domains[0].pushDomain: a pull domain must name the push domain it plays");
        assertRefused("""
                domains:
                  - name: play.example.com
                    type: pull
                    pushDomain: nowhere.example.com
                    scheme: A
                    primaryKey: k
                    validitySeconds: 60
                """, "pull domain play.example.com is bound to nowhere.example.com, which is not a push domain");
        assertRefused("domains:\n" + PUSH.replace("validitySeconds: 1800",
                "validitySeconds: 1800\n  jwtKeys: [ {kty: EC, crv: P-256, kid: k, x: a, y: b, d: c} ]").indent(2),
                "domains[0].jwtKeys[0]:");
        assertRefused("domains: {}", "'domains' must be a list");
        assertRefused("domains: [ {name: x", "not YAML or JSON");
        assertRefused("hlsSessionSecret: short\ndomains: []", "hlsSessionSecret: needs at least 16 characters");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> DomainsFile.parse(text, "f.yaml"))
                .isInstanceOf(DomainsFile.InvalidDomainsFileException.class)
                .hasMessageContaining("f.yaml: ")
                .hasMessageContaining(message);
    }
}
