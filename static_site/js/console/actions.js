// What a consultant does to the open ticket: claim, close, reopen, reply, note, classify, merge.
// Every action answers with the ticket and sends the version it was based on; a 409 with a
// "conflict" means someone changed the ticket meanwhile: what changed is shown, nothing was done,
// and the consultant sends again on purpose ("Wyślij mimo to") or not at all.
import { ApiError } from "../api.js";
import * as catalog from "../catalog.js";
import { $, $$, clear, el } from "../dom.js";
import { t } from "../i18n.js";
import { authed, current as session } from "../session.js";
import { checkField } from "../validate.js";
import { entry } from "./thread.js";
import * as ticketView from "./ticket.js";

const say = (text) => ($("#action-status").textContent = text);
const alarm = (text) => ($("#action-alert").textContent = text);
let pending = null; // the refused action: { action, body, done, after }

function showConflict(conflict) {
  const ticket = ticketView.current();
  $("#conflict-state").textContent = t("console.conflictState", {
    status: t(`console.status.${conflict.status}`), assignee: conflict.assignee_email || t("console.nobody"),
  });
  const list = clear($("#conflict-changes"));
  for (const item of conflict.changes || []) list.append(entry(item, ticket ? ticket.number : conflict.number));
  $("#conflict").hidden = false;
  $("#conflict-title").focus();
}

function hideConflict() {
  pending = null;
  $("#conflict").hidden = true;
}

export async function perform(action, body = {}, done = action, after = null) {
  const ticket = ticketView.current();
  if (!ticket) return false;
  say("");
  alarm("");
  $("#conflict").hidden = true;
  const buttons = $$("[data-action], #classify-form button, #merge-form button, #conflict button");
  for (const button of buttons) button.disabled = true;
  try {
    const path = `/consultant/tickets/${encodeURIComponent(ticket.number)}/${action}`;
    const payload = { ...body, version: ticket.version };
    await ticketView.display(await authed(path, { method: "POST", body: payload }), { focus: false });
    pending = null;
    say(t(`console.done.${done}`));
    if (after) after();
    return true;
  } catch (error) {
    if (!session()) return false;
    if (error instanceof ApiError && error.status === 409 && error.body.conflict) {
      pending = { action, body, done, after };
      await ticketView.reload();
      showConflict(error.body.conflict);
    } else if (error instanceof ApiError && error.status === 409) {
      // Refused for the ticket's state (closed already, merged, another requester): the API says why.
      alarm(`${t("console.refused")} (${error.message})`);
      await ticketView.reload();
    } else {
      alarm(error instanceof ApiError && [400, 404].includes(error.status) ? `${t("console.actionFailed")} (${error.message})` : t("console.actionFailed"));
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
  const merged = ticket.status === "merged"; // takes no more work: its conversation goes on in the target
  $("[data-action=claim]").hidden = ticket.assignee_email === me || ticket.status === "closed" || merged;
  $("[data-action=close]").hidden = ticket.status === "closed" || merged;
  $("[data-action=reopen]").hidden = ticket.status !== "closed";
  $("#write-form").closest("section").hidden = merged;
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
    await perform(action, { body }, action === "notes" ? "note" : "reply", () => form.reset());
  });

  $("#conflict-resend").addEventListener("click", () => {
    if (!pending) return hideConflict();
    const { action, body, done, after } = pending;
    return perform(action, body, done, after);
  });
  $("#conflict-dismiss").addEventListener("click", () => {
    hideConflict();
    say(t("console.conflictDismissed"));
    $("#write-body").focus();
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
    hideConflict();
    say("");
    alarm("");
    showBodyError(null);
    $("#write-form").reset();
  });
}
