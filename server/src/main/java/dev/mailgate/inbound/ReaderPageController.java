package dev.mailgate.inbound;

import dev.mailgate.system.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The readers in the admin UI: every inbound account's reader ({@code /readers}), and one account's
 * reader with its post-fetch action and IDLE setting ({@code /accounts/{id}/reader}).
 */
@Controller
class ReaderPageController {

  private final Readers readers;

  ReaderPageController(Readers readers) {
    this.readers = readers;
  }

  @GetMapping("/readers")
  String list(Model model) {
    model.addAttribute("readers", readers.list());
    return "inbound/readers";
  }

  @GetMapping("/accounts/{id}/reader")
  String one(@PathVariable UUID id, Model model) {
    ReaderView reader = readers.find(id);
    model.addAttribute("form", form(reader));
    return page(reader, model);
  }

  @PostMapping("/accounts/{id}/reader")
  String save(@PathVariable UUID id, @RequestParam Map<String, String> form, Model model) {
    try {
      readers.configure(id, settings(form, readers.find(id)));
      return "redirect:/accounts/" + id + "/reader?saved";
    } catch (InvalidInputException e) {
      model.addAttribute("error", e.getMessage());
      model.addAttribute("errorField", e.field());
      model.addAttribute("form", form);
      return page(readers.find(id), model);
    }
  }

  /**
   * The reader page of an SMTP account: a page that says there is none and why, with a 404 (there
   * is no such reader), not a server error.
   */
  @ExceptionHandler(NoReaderException.class)
  String noReader(NoReaderException e, Model model, HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    model.addAttribute("accountId", e.accountId());
    model.addAttribute("accountName", e.accountName());
    return "inbound/no-reader";
  }

  private static String page(ReaderView reader, Model model) {
    model.addAttribute("reader", reader);
    return "inbound/reader";
  }

  private static Map<String, String> form(ReaderView reader) {
    Map<String, String> form = new HashMap<>();
    form.put(
        "postFetchAction",
        reader.ownPostFetchAction() == null ? "DEFAULT" : reader.ownPostFetchAction().name());
    form.put("moveFolder", reader.ownPostFetchAction() == null ? "" : reader.moveFolder());
    form.put("idle", reader.ownIdle() == null ? "DEFAULT" : reader.ownIdle() ? "ON" : "OFF");
    form.put(
        "folders", String.join(", ", reader.folders().stream().map(ReaderFolder::name).toList()));
    return form;
  }

  private static ReaderSettings settings(Map<String, String> form, ReaderView reader) {
    String idle = form.getOrDefault("idle", "DEFAULT");
    return new ReaderSettings(
        form.get("postFetchAction"),
        form.get("moveFolder"),
        switch (idle) {
          case "ON" -> true;
          case "OFF" -> false;
          default -> null;
        },
        folders(form.get("folders"), reader));
  }

  /**
   * The folders named in the form (comma-separated), each keeping the post-fetch action it has (set
   * through the API); no field at all leaves them as they are.
   */
  private static List<ReaderSettings.FolderSetting> folders(String field, ReaderView reader) {
    if (field == null) {
      return null;
    }
    Map<String, ReaderFolder> known = new HashMap<>();
    reader.folders().forEach(folder -> known.put(folder.name(), folder));
    List<ReaderSettings.FolderSetting> folders = new ArrayList<>();
    for (String name : field.split(",")) {
      if (name.isBlank()) {
        continue;
      }
      ReaderFolder had = known.get(name.strip());
      folders.add(
          new ReaderSettings.FolderSetting(
              name.strip(),
              had == null || had.postFetchAction() == null ? null : had.postFetchAction().name(),
              had == null ? null : had.moveFolder()));
    }
    return folders;
  }
}
