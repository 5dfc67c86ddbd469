package dev.mailgate.testing;

import java.net.http.HttpResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * A page's text as a reader sees it: entities such as {@code &#39;} turned back into characters.
 */
public final class Html {

  private Html() {}

  public static String text(HttpResponse<String> page) {
    return HtmlUtils.htmlUnescape(page.body());
  }
}
