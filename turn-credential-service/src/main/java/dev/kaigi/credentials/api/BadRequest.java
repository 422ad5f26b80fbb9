package dev.kaigi.credentials.api;

/** A query parameter out of range; becomes a 400 problem response. */
class BadRequest extends RuntimeException {
    BadRequest(String detail) {
        super(detail, null, false, false);
    }
}
