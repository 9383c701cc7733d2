package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.dns.DnsJavaDomainChecker;
import dev.liveplane.controlplane.dns.DnsProvider;
import dev.liveplane.controlplane.dns.DomainChecker;
import dev.liveplane.controlplane.dns.EmbeddedDnsServer;
import dev.liveplane.controlplane.dns.Route53DnsProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ResolverConfig;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;

/**
 * Makes the DNS beans from configuration: the platform zone's {@link DnsProvider} (the embedded server or Route53)
 * and the {@link DomainChecker} that asks the configured resolver, or the system's first one when none is
 * configured.
 */
@Factory
final class DnsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DnsFactory.class);

    // Eager: the platform zone must answer from boot, not from the first domain created. Its edge.{zone} records
    // are the fleet's (node.EdgeRecords): the addresses of the healthy nodes, none before a node registers.
    @Context
    @Bean(preDestroy = "close")
    @Requires(property = "liveplane.dns.provider", value = "embedded", defaultValue = "embedded")
    EmbeddedDnsServer embeddedDns(DnsConfiguration config, @Value("${liveplane.platform-zone}") String zone) {
        return EmbeddedDnsServer.start(zone, config.embeddedAddress(), config.embeddedPort());
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "liveplane.dns.provider", value = "route53")
    Route53Client route53Client(DnsConfiguration config) {
        // Route53 is a global service: its API lives in the aws-global partition whatever the deployment's region.
        Route53ClientBuilder builder = Route53Client.builder().region(Region.AWS_GLOBAL);
        if (config.route53Endpoint() != null) {
            builder.endpointOverride(config.route53Endpoint());
        }
        return builder.build();
    }

    @Singleton
    @Requires(property = "liveplane.dns.provider", value = "route53")
    Route53DnsProvider route53Dns(Route53Client client, DnsConfiguration config,
            @Value("${liveplane.platform-zone}") String zone) {
        if (config.route53ZoneId() == null || config.route53ZoneId().isBlank()) {
            throw new ConfigurationException("LIVEPLANE_DNS_PROVIDER=route53 needs LIVEPLANE_ROUTE53_ZONE_ID, the "
                    + "hosted zone of " + zone);
        }
        return new Route53DnsProvider(client, config.route53ZoneId(), zone);
    }

    @Singleton
    DomainChecker domainChecker(DnsConfiguration config) {
        String resolver = config.resolver();
        if (resolver == null || resolver.isBlank()) {
            InetSocketAddress system = ResolverConfig.getCurrentConfig().server();
            resolver = "[" + system.getAddress().getHostAddress() + "]:" + system.getPort();
        }
        LOG.info("dns checks resolver={}", resolver);
        return new DnsJavaDomainChecker(resolver, config.lookupTimeout());
    }
}
