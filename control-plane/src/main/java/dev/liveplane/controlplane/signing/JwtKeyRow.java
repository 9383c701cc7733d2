package dev.liveplane.controlplane.signing;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A public ES256 key (JWK JSON) that playback tokens for one domain may be signed with. */
@MappedEntity("domain_jwt_keys")
record JwtKeyRow(@Id String id, String domainId, String kid, String jwk, Instant createdAt) {
}
