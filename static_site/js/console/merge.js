// "Połącz z innym zgłoszeniem": merge the open ticket (the duplicate) into another, after an
// explicit confirmation (it cannot be undone). The answer is the target, which the view then shows.
import { $, tokenList } from "../dom.js";
import { t } from "../i18n.js";
import { perform } from "./actions.js";
import * as ticketView from "./ticket.js";

const NUMBER = /^\s*#?\s*\d{4}[\s-]*\d{6,}[\s-]*\d\s*$/;
let asked = null; // the target number the confirmation asks about

function showError(key) {
  const input = $("#merge-into");
  $("#merge-error").textContent = key ? t(key) : "";
  input.setAttribute("aria-invalid", key ? "true" : "false");
  tokenList(input, "aria-describedby", "merge-error", Boolean(key));
}

function ask(into) {
  asked = into;
  const ticket = ticketView.current();
  $("#merge-question").textContent = t("console.mergeConfirm", { number: ticket.number, into });
  $("#merge-confirm").hidden = false;
  $("#merge-yes").focus();
}

function cancel() {
  asked = null;
  $("#merge-confirm").hidden = true;
}

// Called from elsewhere too: a possible duplicate's one-click merge fills the number and asks.
export function offer(into) {
  $("#merge-into").value = into;
  showError(null);
  ask(into);
}

export function init() {
  const form = $("#merge-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const into = form.elements.into.value.trim();
    if (!into) return showError("err.required");
    if (!NUMBER.test(into)) return showError("console.badNumber");
    showError(null);
    return ask(into);
  });
  $("#merge-no").addEventListener("click", () => {
    cancel();
    $("#merge-into").focus();
  });
  $("#merge-yes").addEventListener("click", async () => {
    const into = asked;
    cancel();
    if (into) await perform("merge", { into }, "merge", () => form.reset());
  });
  document.addEventListener("ticketrender", (event) => {
    const merged = event.detail.ticket.status === "merged";
    $("#merge-section").hidden = merged;
  });
  document.addEventListener("viewchange", () => {
    cancel();
    showError(null);
  });
}
