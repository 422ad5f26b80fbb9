package dev.kaigi.credentials.api;

import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details, the body of every error response. */
public record Problem(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";

    static Response.ResponseBuilder response(Response.Status status, String slug, String detail) {
        Problem body = new Problem("https://kaigi.dev/problems/" + slug, status.getReasonPhrase(),
                status.getStatusCode(), detail);
        return Response.status(status).type(MEDIA_TYPE).entity(body);
    }
}
