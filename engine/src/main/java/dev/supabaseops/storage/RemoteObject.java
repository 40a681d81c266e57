package dev.supabaseops.storage;

/**
 * An object as a listing reports it.
 *
 * @param key          full object name inside the bucket, e.g. {@code a/b/c.png}
 * @param size         bytes, or -1 when the listing carried no metadata
 * @param etag         as the server sends it (quoted MD5 on single-part uploads), or null
 * @param contentType  the stored mimetype, or null
 * @param cacheControl the stored cache control, or null
 */
public record RemoteObject(String key, long size, String etag, String contentType, String cacheControl) {

    /** Same content as far as the API tells without downloading: equal etag (quotes ignored) and size. */
    public boolean sameContentAs(String otherEtag, long otherSize) {
        // the same text (the usual case: both from this server) needs no normalising
        return etag != null && otherEtag != null && size == otherSize
                && (etag.equals(otherEtag) || normalizeEtag(etag).equals(normalizeEtag(otherEtag)));
    }

    static String normalizeEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }
}
