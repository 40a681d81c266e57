package dev.supabaseops.storage;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A bucket and the settings a restore must recreate.
 *
 * @param fileSizeLimit    bytes, or null for the project default
 * @param allowedMimeTypes e.g. {@code ["image/*"]}, or null for any
 */
public record BucketInfo(String name, @JsonProperty("public") boolean isPublic, Long fileSizeLimit,
                         List<String> allowedMimeTypes) {
    public BucketInfo {
        allowedMimeTypes = allowedMimeTypes == null ? null : List.copyOf(allowedMimeTypes);
    }
}
