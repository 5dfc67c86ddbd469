package dev.mailgate.message;

import dev.mailgate.account.AccountService;
import dev.mailgate.system.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * An account's stored mail in the admin UI: the list with search by sender or subject, and one
 * message with its headers, its bodies (HTML sanitized, remote content blocked) and attachments.
 */
@Controller
@RequestMapping("/accounts/{accountId}/inbox")
class InboxPageController {

  static final int PAGE_SIZE = 100;
  private static final long MAX_INLINE_IMAGE = 2L * 1024 * 1024;

  private final AccountService accounts;
  private final MessageQueries messages;

  InboxPageController(AccountService accounts, MessageQueries messages) {
    this.accounts = accounts;
    this.messages = messages;
  }

  @GetMapping
  String list(@PathVariable UUID accountId, @RequestParam(required = false) String q, Model model) {
    model.addAttribute("account", accounts.find(accountId));
    model.addAttribute("q", q == null ? "" : q);
    model.addAttribute("messages", messages.search(accountId, q, PAGE_SIZE));
    return "message/inbox";
  }

  @GetMapping("/{id}")
  String message(@PathVariable UUID accountId, @PathVariable UUID id, Model model) {
    MessageDetail message = ofAccount(accountId, id);
    model.addAttribute("account", accounts.find(accountId));
    model.addAttribute("message", message);
    model.addAttribute(
        "html",
        message.htmlBody() == null
            ? null
            : HtmlSanitizer.sanitize(message.htmlBody(), inlineImages(message)));
    return "message/message";
  }

  @GetMapping("/{id}/raw")
  ResponseEntity<byte[]> raw(@PathVariable UUID accountId, @PathVariable UUID id) {
    ofAccount(accountId, id);
    return Downloads.of(messages.raw(id), Downloads.RFC822.toString(), id + ".eml");
  }

  @GetMapping("/{id}/attachments/{number}")
  ResponseEntity<byte[]> attachment(
      @PathVariable UUID accountId, @PathVariable UUID id, @PathVariable int number) {
    ofAccount(accountId, id);
    AttachmentContent a = messages.attachment(id, number);
    return Downloads.of(
        a.content(), a.contentType(), a.name() == null ? "attachment-" + number : a.name());
  }

  /** An unknown account or message, or one of another account: the UI's "nothing here" page. */
  @ExceptionHandler(NotFoundException.class)
  @ResponseStatus(HttpStatus.NOT_FOUND)
  String notFound(HttpServletRequest request, Model model) {
    model.addAttribute("status", 404);
    model.addAttribute("path", request.getRequestURI());
    return "error";
  }

  private MessageDetail ofAccount(UUID accountId, UUID id) {
    MessageDetail message = messages.find(id);
    if (!message.summary().accountId().equals(accountId)) {
      throw new NotFoundException("message", id);
    }
    return message;
  }

  private Map<String, String> inlineImages(MessageDetail message) {
    Map<String, String> images = new HashMap<>();
    for (AttachmentInfo a : message.attachments()) {
      if (a.contentId() != null
          && a.contentType().startsWith("image/")
          && a.size() <= MAX_INLINE_IMAGE) {
        byte[] content = messages.attachment(message.summary().id(), a.number()).content();
        images.put(a.contentId(), HtmlSanitizer.dataUri(a.contentType(), content));
      }
    }
    return images;
  }
}
