// What a consultant does to the open ticket: claim, close, reopen, reply, note, classify.
// Every action answers with the ticket; a 409 means someone changed it meanwhile.
import { ApiError } from "../api.js";
import * as catalog from "../catalog.js";
import { $, $$ } from "../dom.js";
import { t } from "../i18n.js";
import { authed, current as session } from "../session.js";
import { checkField } from "../validate.js";
import * as ticketView from "./ticket.js";

const say = (text) => ($("#action-status").textContent = text);
const alarm = (text) => ($("#action-alert").textContent = text);

async function perform(action, body = {}, done = action) {
  const ticket = ticketView.current();
  if (!ticket) return false;
  say("");
  alarm("");
  const buttons = $$("[data-action], #classify-form button");
  for (const button of buttons) button.disabled = true;
  try {
    const path = `/consultant/tickets/${encodeURIComponent(ticket.number)}/${action}`;
    await ticketView.display(await authed(path, { method: "POST", body }), { focus: false });
    say(t(`console.done.${done}`));
    return true;
  } catch (error) {
    if (!session()) return false;
    if (error instanceof ApiError && error.status === 409) {
      alarm(t("console.conflict"));
      await ticketView.reload();
    } else {
      alarm(error instanceof ApiError && error.status === 400 ? `${t("console.actionFailed")} (${error.message})` : t("console.actionFailed"));
    }
    return false;
  } finally {
    for (const button of buttons) button.disabled = false;
    updateButtons();
    // A button that disappeared (Przejmij after claiming) hands focus to the section.
    const active = document.activeElement;
    if (!active || active === document.body || active.hidden) $("#actions-title").focus();
  }
}

// Only what the ticket's state allows is offered.
function updateButtons() {
  const ticket = ticketView.current();
  if (!ticket) return;
  const me = session() && session().email;
  $("[data-action=claim]").hidden = ticket.assignee_email === me || ticket.status === "closed";
  $("[data-action=close]").hidden = ticket.status === "closed";
  $("[data-action=reopen]").hidden = ticket.status !== "closed";
}

function updateClassify() {
  const ticket = ticketView.current();
  const unspecified = Boolean(ticket) && (ticket.request_type === "unspecified" || !ticket.request_type);
  $("#classify-section").hidden = !unspecified;
  if (!unspecified) return;
  const type = $("#classify-type");
  catalog.fillTypes(type);
  catalog.fillProducts($("#classify-product"), type.value);
}

function showBodyError(code) {
  const slot = $("#write-error");
  const box = $("#write-body");
  slot.hidden = !code;
  slot.textContent = code ? t(`err.${code.code}`, { limit: code.limit }) : "";
  box.setAttribute("aria-invalid", code ? "true" : "false");
  box.setAttribute("aria-describedby", code ? "write-error write-hint" : "write-hint");
}

export function init() {
  for (const button of $$("[data-action=claim], [data-action=close], [data-action=reopen]")) {
    button.addEventListener("click", () => perform(button.dataset.action));
  }
  $("#ticket-refresh").addEventListener("click", async () => {
    say("");
    alarm("");
    await ticketView.reload();
  });

  const form = $("#write-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const action = event.submitter && event.submitter.dataset.action === "note" ? "notes" : "replies";
    const body = form.elements.body.value.trim();
    const error = checkField("body", body);
    showBodyError(error);
    if (error) {
      form.elements.body.focus();
      return;
    }
    if (await perform(action, { body }, action === "notes" ? "note" : "reply")) form.reset();
  });

  $("#classify-type").addEventListener("change", (event) => catalog.fillProducts($("#classify-product"), event.target.value));
  $("#classify-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const request_type = $("#classify-type").value;
    const product = $("#classify-product").value;
    if (!request_type) return $("#classify-type").focus();
    if (!product) return $("#classify-product").focus();
    return perform("classify", { request_type, product });
  });

  document.addEventListener("ticketrender", () => {
    updateButtons();
    updateClassify();
  });
  document.addEventListener("viewchange", (event) => {
    if (event.detail.view !== "ticket") return;
    say("");
    alarm("");
    showBodyError(null);
    $("#write-form").reset();
  });
}
