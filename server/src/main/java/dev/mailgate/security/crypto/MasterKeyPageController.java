package dev.mailgate.security.crypto;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** System > Master key: the keys, how many secrets each encrypts, rotate and remove. */
@Controller
@RequestMapping("/settings/master-key")
class MasterKeyPageController {

  private final MasterKeyRotation rotation;

  MasterKeyPageController(MasterKeyRotation rotation) {
    this.rotation = rotation;
  }

  @GetMapping
  String show(Model model) {
    model.addAttribute("keys", rotation.keys());
    return "security/master-key";
  }

  @PostMapping("/rotate")
  String rotate(Model model) {
    try {
      model.addAttribute("report", rotation.rotate());
    } catch (MasterKeyException e) {
      model.addAttribute("error", e.getMessage());
    }
    return show(model);
  }

  @PostMapping("/keys/{keyId}/remove")
  String remove(@PathVariable int keyId, Model model) {
    try {
      rotation.removeKey(keyId);
      model.addAttribute("removed", keyId);
    } catch (MasterKeyException e) {
      model.addAttribute("error", e.getMessage());
    }
    return show(model);
  }
}
