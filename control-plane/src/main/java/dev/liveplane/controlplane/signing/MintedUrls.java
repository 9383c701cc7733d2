package dev.liveplane.controlplane.signing;

import dev.liveplane.api.signing.SignedUrlLayout;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** One stream's signed URLs and when they expire: {@code push} for a push domain, {@code play} for a pull domain. */
record MintedUrls(Instant expiresAt, @Nullable SignedUrlLayout.Push push, @Nullable SignedUrlLayout.Play play) {
}
