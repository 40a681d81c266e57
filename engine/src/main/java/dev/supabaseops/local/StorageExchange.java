package dev.supabaseops.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** One request to {@link LocalStorageServer}: decoded path, JSON helpers, and Storage-shaped errors. */
final class StorageExchange {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown to answer with a Storage error body (HTTP 400, the real status in {@code statusCode}). */
    static final class ApiError extends RuntimeException {
        final int status;
        final String error;
        final String code;

        ApiError(int status, String error, String message, String code) {
            super(message);
            this.status = status;
            this.error = error;
            this.code = code;
        }
    }

    final HttpExchange http;
    final String method;
    /** Path below {@code /storage/v1}, percent-decoded per segment. */
    final String path;
    StorageFault fault;

    StorageExchange(HttpExchange http, String path) {
        this.http = http;
        this.method = http.getRequestMethod();
        this.path = path;
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    JsonNode jsonBody() throws IOException {
        try (InputStream in = http.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return JSON.createObjectNode();
            }
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new ApiError(400, "Error", "Body is not valid JSON", "InvalidRequest");
            }
        }
    }

    void json(int status, Object body) throws IOException {
        // compact, as the real server (Fastify) sends it: the transcript's content-lengths say so
        byte[] bytes = JSON.writeValueAsBytes(body);
        http.getResponseHeaders().set("content-type", "application/json; charset=utf-8");
        send(status, bytes);
    }

    void text(int status, String contentType, String body) throws IOException {
        http.getResponseHeaders().set("content-type", contentType);
        send(status, body.getBytes(StandardCharsets.UTF_8));
    }

    void send(int status, byte[] bytes) throws IOException {
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                if (fault != null && fault.kind() == StorageFault.Kind.SLOW_BODY) { // a slow listing, say
                    StorageFault.writeBody(this, new ByteArrayInputStream(bytes), out, bytes.length);
                } else {
                    out.write(bytes);
                }
            }
        }
        http.close();
    }

    /** The Storage server answers errors with HTTP 400 and the real status as a string (transcript). */
    void error(ApiError e) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("statusCode", Integer.toString(e.status));
        body.put("error", e.error);
        body.put("message", e.getMessage());
        body.put("code", e.code);
        json(e.status >= 500 ? e.status : 400, body);
    }

    static ApiError noSuchBucket() {
        return new ApiError(404, "Bucket not found", "Bucket not found", "NoSuchBucket");
    }

    static ApiError noSuchKey() {
        return new ApiError(404, "not_found", "Object not found", "NoSuchKey");
    }

    /** Percent-decodes one path segment as UTF-8 ('+' stays '+': this is a path, not a form). */
    static String decodeSegment(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 3 <= s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
