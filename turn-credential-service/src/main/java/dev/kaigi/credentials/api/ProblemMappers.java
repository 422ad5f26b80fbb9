package dev.kaigi.credentials.api;

import dev.kaigi.credentials.auth.Unauthorized;
import dev.kaigi.credentials.ratelimit.RateLimited;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps refusals to problem+json responses and counts them. */
public class ProblemMappers {
    private final CredentialMetrics metrics;

    public ProblemMappers(CredentialMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response unauthorized(Unauthorized e) {
        metrics.denied("unauthorized");
        Response.ResponseBuilder response = Problem.response(Response.Status.UNAUTHORIZED, "unauthorized",
                e.getMessage());
        if (e.challenge() != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, e.challenge());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response rateLimited(RateLimited e) {
        metrics.denied("rate-limited");
        return Problem.response(Response.Status.TOO_MANY_REQUESTS, "rate-limited", e.getMessage())
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequest e) {
        metrics.denied("bad-request");
        return Problem.response(Response.Status.BAD_REQUEST, "bad-request", e.getMessage()).build();
    }
}
