// "Znajdź po numerze": a ticket number with or without hyphens; a wrong check digit
// (the API's 400 "check digit mismatch") gets its own clear message.
import { ApiError } from "../api.js";
import { $, tokenList } from "../dom.js";
import { t } from "../i18n.js";
import { authed, current } from "../session.js";

function messageFor(error) {
  if (!(error instanceof ApiError)) return "console.loadFailed";
  if (error.status === 400) return /check digit/i.test(error.message) ? "console.checkDigit" : "console.badNumber";
  if (error.status === 404) return "console.notFound";
  return "console.loadFailed";
}

function showError(key) {
  const input = $("#find-number");
  const slot = $("#find-error");
  slot.textContent = key ? t(key) : "";
  slot.dataset.key = key || "";
  input.setAttribute("aria-invalid", key ? "true" : "false");
  tokenList(input, "aria-describedby", "find-error", Boolean(key));
}

export function init({ onFound }) {
  const form = $("#find-form");
  const button = $("#find-submit");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    const number = form.elements.number.value.trim();
    if (!number) {
      showError("err.required");
      form.elements.number.focus();
      return;
    }
    showError(null);
    button.disabled = true;
    try {
      const ticket = await authed(`/consultant/tickets/${encodeURIComponent(number)}`);
      form.reset();
      onFound(ticket);
    } catch (error) {
      if (!current()) return;
      showError(messageFor(error));
      form.elements.number.focus();
    } finally {
      button.disabled = false;
    }
  });
  document.addEventListener("languagechange", () => {
    const key = $("#find-error").dataset.key;
    if (key) $("#find-error").textContent = t(key);
  });
}
