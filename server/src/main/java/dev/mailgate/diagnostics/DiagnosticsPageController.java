package dev.mailgate.diagnostics;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The Email Diagnostics page ({@code /diagnostics}); htmx reloads its report every 30 seconds
 * (declared in the markup: no inline script, so the CSP holds).
 */
@Controller
class DiagnosticsPageController {

  private final Diagnostics diagnostics;

  DiagnosticsPageController(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  @GetMapping("/diagnostics")
  String page(Model model) {
    model.addAttribute("report", diagnostics.report());
    return "diagnostics/diagnostics";
  }
}
