package dev.mailgate.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One message as {@code GET /api/v1/messages/{id}} gives it, with its delivery if outbound. */
record MessageWithDelivery(
    @JsonUnwrapped MessageDetail message,
    @JsonInclude(JsonInclude.Include.NON_NULL) Object delivery) {}
