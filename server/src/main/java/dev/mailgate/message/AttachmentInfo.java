package dev.mailgate.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** An attachment of a stored message, without its bytes; {@code number} counts from 1. */
public record AttachmentInfo(
    @JsonIgnore UUID messageId,
    int number,
    String name,
    String contentType,
    String contentId,
    boolean inline,
    long size) {

  /** Where the REST API serves its bytes. */
  @JsonProperty("link")
  public String link() {
    return MessageApiController.PATH + "/" + messageId + "/attachments/" + number;
  }
}
