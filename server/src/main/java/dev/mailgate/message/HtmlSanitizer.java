package dev.mailgate.message;

import java.util.Base64;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

/**
 * Makes a received HTML body safe to show inside the admin UI. jsoup's relaxed safelist keeps text
 * formatting, tables, lists and links and drops scripts, event handlers, styles, forms and frames.
 * Images may only refer to the message's own parts ({@code cid:}), which are inlined as {@code
 * data:} URIs: no remote content is ever fetched, so opening a message tells no tracker that it was
 * read. Links open in a new tab without a referrer. The UI's Content-Security-Policy (no inline
 * script, images only from this origin or data:) is the second line of defence.
 */
final class HtmlSanitizer {

  private static final Safelist SAFELIST =
      Safelist.relaxed()
          .removeProtocols("img", "src", "http", "https")
          .addProtocols("img", "src", "cid")
          .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow")
          .addEnforcedAttribute("a", "target", "_blank");

  private HtmlSanitizer() {}

  /**
   * @param inlineImages the message's inline images by Content-ID, as {@code data:} URIs
   */
  static String sanitize(String html, Map<String, String> inlineImages) {
    Document clean = Jsoup.parseBodyFragment(Jsoup.clean(html, "", SAFELIST));
    for (Element image : clean.select("img")) {
      String src = image.attr("src");
      String data = src.startsWith("cid:") ? inlineImages.get(src.substring(4)) : null;
      if (data == null) {
        image.replaceWith(new Element("span").addClass("blocked").text("[image not shown]"));
      } else {
        image.attr("src", data);
      }
    }
    return clean.body().html();
  }

  static String dataUri(String contentType, byte[] content) {
    return "data:" + contentType + ";base64," + Base64.getEncoder().encodeToString(content);
  }
}
