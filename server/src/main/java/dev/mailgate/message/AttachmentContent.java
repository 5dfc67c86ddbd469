package dev.mailgate.message;

/** An attachment's bytes with what a download needs to label them. */
public record AttachmentContent(String name, String contentType, byte[] content) {}
