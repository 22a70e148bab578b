// One ticket: its thread and "Odpowiedz" (a reply to a closed ticket reopens it).
import { ApiError } from "./api.js";
import * as catalog from "./catalog.js";
import { $, el, clear } from "./dom.js";
import { FieldErrors } from "./field-errors.js";
import { formatDate, t } from "./i18n.js";
import { authed, current } from "./session.js";
import { statusBadge } from "./status.js";
import { currentView, show, updateTitle } from "./views.js";
import { check } from "./validate.js";

let ticket = null;
let form;
let errors;

export function size(bytes) {
  if (bytes >= 1048576) return `${(bytes / 1048576).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} B`;
}

function entry(item) {
  const mine = item.kind === "message";
  return el("li", { className: `entry ${mine ? "entry-customer" : "entry-consultant"}` },
    el("p", { className: "entry-head" },
      el("strong", { text: t(mine ? "ticket.you" : "ticket.consultant") }),
      " · ",
      el("time", { datetime: item.created_at, text: formatDate(item.created_at) })),
    el("div", { className: "entry-body", text: item.body || "" }),
    (item.attachments || []).length
      ? el("ul", { className: "attachments" },
        item.attachments.map((a) => el("li", { text: t("ticket.attachment", { name: a.filename, size: size(a.size || 0) }) })))
      : null);
}

function render() {
  if (!ticket) return;
  const labels = catalog.labels(ticket.request_type, ticket.product);
  $("#ticket-title").textContent = ticket.subject;
  $("#ticket-number").textContent = t("ticket.number", { number: ticket.number });
  clear($("#ticket-status")).append(statusBadge(ticket.status));
  $("#ticket-type").textContent = labels.type;
  $("#ticket-product").textContent = labels.product;
  $("#ticket-created").textContent = formatDate(ticket.created_at);
  const thread = clear($("#thread"));
  for (const item of ticket.thread || []) thread.append(entry(item));
  $("#thread-empty").hidden = (ticket.thread || []).length > 0;
  $("#closed-note").hidden = ticket.status !== "closed";
  const merged = ticket.status === "merged" && ticket.merged_into;
  $("#merged-note").hidden = !merged;
  $("#merged-text").textContent = merged ? t("ticket.mergedNote", { number: ticket.merged_into }) : "";
  $("#merged-open").textContent = merged ? t("ticket.mergedOpen", { number: ticket.merged_into }) : "";
  updateTitle();
}

async function reply(event) {
  event.preventDefault();
  const button = $("#reply-submit");
  if (button.disabled) return;
  $("#reply-status").textContent = "";
  $("#reply-alert").textContent = "";
  const body = form.elements.body.value.trim();
  const found = check({ body });
  if (Object.keys(found).length) {
    errors.show(found);
    return;
  }
  errors.clear();
  button.disabled = true;
  const wasClosed = ticket.status === "closed";
  try {
    ticket = await authed(`/me/tickets/${encodeURIComponent(ticket.number)}/replies`, { method: "POST", body: { body } });
    form.reset();
    render();
    $("#reply-status").textContent = t(wasClosed && ticket.status !== "closed" ? "ticket.reopened" : "ticket.replied");
  } catch (error) {
    if (!current()) return;
    const fields = error instanceof ApiError ? error.fieldErrors : {};
    if (Object.keys(fields).length) {
      errors.show(Object.fromEntries(Object.entries(fields).map(([f, text]) => [f, { text }])));
    } else {
      $("#reply-alert").textContent = t("ticket.replyFailed");
    }
  } finally {
    button.disabled = false;
  }
}

export function init({ onBack }) {
  form = $("#reply-form");
  errors = new FieldErrors(form, $("#reply-errors"));
  form.addEventListener("submit", reply);
  $("#merged-open").addEventListener("click", () => {
    if (ticket && ticket.merged_into) showTicket(ticket.merged_into);
  });
  $("#ticket-back").addEventListener("click", (event) => {
    event.preventDefault();
    onBack();
  });
  document.addEventListener("languagechange", () => {
    if (currentView() === "ticket") render();
  });
}

export async function showTicket(number) {
  ticket = null;
  form.reset();
  errors.clear();
  $("#reply-status").textContent = "";
  $("#reply-alert").textContent = "";
  $("#ticket-failed").hidden = true;
  $("#ticket-body").hidden = true;
  $("#ticket-title").textContent = number;
  show("ticket", { focus: false });
  try {
    await catalog.load().catch(() => null);
    ticket = await authed(`/me/tickets/${encodeURIComponent(number)}`);
    $("#ticket-body").hidden = false;
    render();
  } catch {
    if (!current()) return;
    $("#ticket-failed").hidden = false;
  }
  $("#ticket-title").focus();
}
