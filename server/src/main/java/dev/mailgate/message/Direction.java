package dev.mailgate.message;

/** Whether Mailgate received a message from a mailbox or sent it. */
public enum Direction {
  INBOUND,
  OUTBOUND
}
