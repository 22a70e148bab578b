// "Znajdź po numerze": a ticket number with or without hyphens. A wrong check digit (the API's
// 400 "check digit mismatch") gets its own message and the existing tickets the number may have
// been misheard from, each one click away; a merged ticket's number leads to its target.
import { ApiError } from "../api.js";
import { $, clear, el, tokenList } from "../dom.js";
import { t } from "../i18n.js";
import { authed, current } from "../session.js";

let onFoundTicket = () => {};
let onOpenNumber = () => {};
let candidates = null; // the last 400's candidates, or null when none were offered

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

function renderCandidates() {
  const box = $("#find-candidates");
  box.hidden = candidates === null;
  if (candidates === null) return;
  const list = clear($("#find-candidates-list"));
  for (const found of candidates) {
    const requester = (found.requester && (found.requester.name || found.requester.email)) || "";
    const button = el("button", { type: "button", className: "link-button", "data-number": found.number },
      el("span", { className: "ticket-number-small", text: found.number }), " ",
      el("span", { text: t("console.candidate", { subject: found.subject || "", requester,
        status: t(`console.status.${found.status}`) }) }));
    button.addEventListener("click", () => {
      candidates = null;
      renderCandidates();
      showError(null);
      $("#find-form").reset();
      onOpenNumber(found.number);
    });
    list.append(el("li", {}, button));
  }
  $("#find-candidates-none").hidden = candidates.length > 0;
}

export function init({ onFound, onOpen }) {
  onFoundTicket = onFound;
  onOpenNumber = onOpen;
  const form = $("#find-form");
  const button = $("#find-submit");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    const number = form.elements.number.value.trim();
    candidates = null;
    renderCandidates();
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
      onFoundTicket(ticket);
    } catch (error) {
      if (!current()) return;
      showError(messageFor(error));
      if (error instanceof ApiError && Array.isArray(error.body.candidates)) candidates = error.body.candidates;
      renderCandidates();
      form.elements.number.focus();
    } finally {
      button.disabled = false;
    }
  });
  document.addEventListener("languagechange", () => {
    const key = $("#find-error").dataset.key;
    if (key) $("#find-error").textContent = t(key);
    renderCandidates();
  });
}
