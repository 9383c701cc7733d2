package dev.liveplane.controlplane.streamkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.sdk.Liveplane;
import dev.liveplane.sdk.LiveplaneClient;
import dev.liveplane.sdk.exception.InvalidRequestException;
import dev.liveplane.sdk.exception.NotFoundException;
import dev.liveplane.sdk.generated.model.StreamKey;
import dev.liveplane.sdk.generated.model.StreamKeyCreated;
import dev.liveplane.sdk.generated.model.StreamKeyRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** Stream keys driven through the Java SDK against the running service: create, list, rotate, revoke, and errors. */
@MicronautTest
class SdkStreamKeyTest extends ApiTestBase {

    @Test
    void aTenantManagesStreamKeysThroughTheSdk() {
        Api.Tenant tenant = api.signUp("SDK broadcaster");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null).get("name")
                .asText();
        String play = api.createDomain(tenant, Api.uniqueName("play", "example.com"), "pull", push).get("name")
                .asText();
        LiveplaneClient client = Liveplane.builder().endpoint(server.getURI()).accessToken(tenant.token()).build();

        StreamKeyCreated created = client.streamKeys().create(push,
                new StreamKeyRequest().app("live").stream("studio").description("studio OBS"));
        assertThat(created.getValue()).startsWith("lpsk_" + created.getId() + "_");
        assertThat(created.getServer() + "/" + created.getStreamKey()).isEqualTo(created.getUrl());
        assertThat(client.streamKeys().list(push)).extracting(StreamKey::getId).containsExactly(created.getId());

        StreamKeyCreated rotated = client.streamKeys().rotate(push, created.getId());
        assertThat(rotated.getStream()).isEqualTo("studio");
        assertThat(client.streamKeys().list(push)).extracting(StreamKey::getId).containsExactly(rotated.getId());

        client.streamKeys().revoke(push, rotated.getId());
        assertThat(client.streamKeys().list(push)).isEmpty();
        assertThatThrownBy(() -> client.streamKeys().revoke(push, rotated.getId()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.streamKeys().create(play, new StreamKeyRequest().app("live").stream("x")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining(push);
    }
}
