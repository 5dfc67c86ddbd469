package dev.mailgate.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginController {

  @GetMapping("/login")
  String login(HttpServletRequest request, Model model) {
    Object locked = request.getAttribute(AdminLoginThrottle.LOCKED_SECONDS);
    if (locked != null) {
      model.addAttribute("lockedSeconds", locked);
    }
    return "login";
  }
}
