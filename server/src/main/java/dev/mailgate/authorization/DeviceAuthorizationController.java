package dev.mailgate.authorization;

import dev.mailgate.system.MailgateException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The account page's "Authorize with a code" button and the page that shows the user code, where to
 * type it, and how far it got (it reloads itself while waiting).
 */
@Controller
class DeviceAuthorizationController {

  private final DeviceAuthorizationService devices;
  private final Clock clock;

  DeviceAuthorizationController(DeviceAuthorizationService devices, Clock clock) {
    this.devices = devices;
    this.clock = clock;
  }

  @PostMapping("/accounts/{id}/device-authorizations")
  String start(@PathVariable UUID id, RedirectAttributes flash) {
    try {
      DeviceAuthorization started = devices.start(id);
      return "redirect:/accounts/" + id + "/device-authorizations/" + started.id();
    } catch (MailgateException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:/accounts/" + id;
    }
  }

  @GetMapping("/accounts/{id}/device-authorizations/{deviceId}")
  String show(@PathVariable UUID id, @PathVariable UUID deviceId, Model model) {
    DeviceAuthorization device = devices.find(id, deviceId);
    model.addAttribute("device", device);
    model.addAttribute(
        "expiresIn", remaining(Duration.between(clock.instant(), device.expiresAt())));
    return "authorization/device-authorization";
  }

  /** "14 minutes", "40 seconds": how long the code stays valid, in words. */
  static String remaining(Duration left) {
    long seconds = Math.max(0, left.toSeconds());
    if (seconds >= 120) {
      return (seconds / 60) + " minutes";
    }
    return seconds == 1 ? "1 second" : seconds + " seconds";
  }
}
