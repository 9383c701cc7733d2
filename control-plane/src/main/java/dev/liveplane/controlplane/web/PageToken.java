package dev.liveplane.controlplane.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code pageToken} of keyset pagination: the base64url of the last sort key on the previous page.
 * Opaque to clients so the sort key can change without breaking them.
 */
public final class PageToken {

    private static final String PREFIX = "k:";

    private PageToken() {
    }

    public static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The last key of the previous page, the empty string for the first page; 400 for a token we did not issue. */
    public static String decode(String token) {
        if (token == null || token.isEmpty()) {
            return "";
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return text.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException notBase64) {
            // falls through to the refusal below
        }
        throw invalid();
    }

    /** The refusal of a token that decodes but does not hold a key of the list it was sent to. */
    public static ProblemException invalid() {
        return new ProblemException(ProblemType.INVALID_PAGE_TOKEN,
                "Pass the nextPageToken of the previous page unchanged, or none for the first page");
    }

    /** The page size to use: the client's, or 20. Bounds (1-100) are checked by the generated interfaces. */
    public static int size(Integer pageSize) {
        return pageSize == null ? 20 : pageSize;
    }
}
