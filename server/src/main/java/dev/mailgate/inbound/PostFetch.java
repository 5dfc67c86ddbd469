package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.PostFetchAction;

/** The post-fetch action as configured (property or account setting), by name. */
public enum PostFetch {
  MARK_SEEN,
  MOVE,
  DELETE,
  LEAVE;

  PostFetchAction action(String moveFolder) {
    return switch (this) {
      case MARK_SEEN -> new PostFetchAction.MarkSeen();
      case MOVE -> new PostFetchAction.MoveTo(moveFolder);
      case DELETE -> new PostFetchAction.Delete();
      case LEAVE -> new PostFetchAction.Leave();
    };
  }
}
