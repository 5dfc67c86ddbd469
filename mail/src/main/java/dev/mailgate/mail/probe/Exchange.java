package dev.mailgate.mail.probe;

import java.util.List;

/** What one step of a dialogue got from the server. */
record Exchange(boolean ok, List<String> lines, String detail) {

  static Exchange ok(List<String> lines, String detail) {
    return new Exchange(true, lines, detail);
  }

  static Exchange failed(List<String> lines, String detail) {
    return new Exchange(false, lines, detail);
  }

  String reply() {
    return String.join("\n", lines);
  }
}
