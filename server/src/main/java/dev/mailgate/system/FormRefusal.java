package dev.mailgate.system;

import org.springframework.ui.Model;

/**
 * Puts a refused form submission on the page: {@code error} and {@code errorField} (the first
 * refusal, as every form has shown it) and {@code fieldErrors}, field to message, which the form
 * fragments ({@code fragments/form}) show beside each wrong field.
 */
public final class FormRefusal {

  private FormRefusal() {}

  public static void show(Model model, InvalidInputException e) {
    model.addAttribute("error", e.getMessage());
    model.addAttribute("errorField", e.field());
    model.addAttribute("fieldErrors", e.fieldErrors());
  }
}
