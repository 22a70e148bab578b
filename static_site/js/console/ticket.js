// One ticket as a consultant sees it: meta, requester and the whole thread.
import { ApiError } from "../api.js";
import * as catalog from "../catalog.js";
import { $, clear } from "../dom.js";
import { formatDate, t } from "../i18n.js";
import { authed, current as session } from "../session.js";
import { statusBadge } from "../status.js";
import { currentView, show, updateTitle } from "../views.js";
import { entry } from "./thread.js";

let ticket = null;

export function current() {
  return ticket;
}

const orNone = (value) => value || t("console.none");

function render() {
  if (!ticket) return;
  const labels = catalog.labels(ticket.request_type, ticket.product);
  const requester = ticket.requester || {};
  $("#ticket-title").textContent = ticket.subject || ticket.number;
  $("#ticket-number").textContent = t("console.ticketNumber", { number: ticket.number });
  clear($("#ticket-status")).append(statusBadge(ticket.status, "console.status"));
  $("#ticket-queue").textContent = orNone(ticket.queue);
  $("#ticket-assignee").textContent = ticket.assignee_email || t("console.nobody");
  $("#ticket-created").textContent = formatDate(ticket.created_at);
  $("#ticket-type").textContent = labels.type;
  $("#ticket-product").textContent = labels.product;
  $("#requester-name").textContent = orNone(requester.name);
  $("#requester-email").textContent = orNone(requester.email);
  $("#requester-phone").textContent = orNone(requester.phone);
  $("#requester-company").textContent = orNone(requester.company);
  const merged = ticket.status === "merged" && ticket.merged_into;
  $("#ticket-merged").hidden = !merged;
  $("#ticket-merged-link").textContent = merged ? ticket.merged_into : "";
  $("#ticket-merged-link").href = merged ? `#${encodeURIComponent(ticket.merged_into)}` : "#";
  const thread = clear($("#thread"));
  for (const item of ticket.thread || []) thread.append(entry(item, ticket.number));
  $("#thread-empty").hidden = (ticket.thread || []).length > 0;
  document.dispatchEvent(new CustomEvent("ticketrender", { detail: { ticket } }));
  updateTitle();
}

// Shows a ticket the API returned (after a load, a find or an action).
export async function display(data, { focus = true } = {}) {
  await catalog.load().catch(() => null); // labels for type and product
  ticket = data;
  $("#ticket-failed").hidden = true;
  $("#ticket-body").hidden = false;
  if (currentView() !== "ticket") show("ticket", { focus: false });
  render();
  if (focus) $("#ticket-title").focus();
}

export async function open(number, { focus = true } = {}) {
  if (currentView() !== "ticket" || !ticket || ticket.number !== number) {
    ticket = null;
    $("#ticket-body").hidden = true;
    $("#ticket-title").textContent = number;
    show("ticket", { focus: false });
  }
  try {
    await display(await authed(`/consultant/tickets/${encodeURIComponent(number)}`), { focus });
  } catch (error) {
    if (!session()) return;
    const failed = $("#ticket-failed");
    failed.textContent = t(error instanceof ApiError && error.status === 404 ? "console.notFound" : "console.loadFailed");
    failed.hidden = false;
    $("#ticket-title").focus();
  }
}

export function reload() {
  return ticket ? open(ticket.number, { focus: false }) : Promise.resolve();
}

export function init({ onBack }) {
  $("#ticket-back").addEventListener("click", (event) => {
    event.preventDefault();
    onBack();
  });
  $("#ticket-merged-link").addEventListener("click", (event) => {
    event.preventDefault();
    if (ticket && ticket.merged_into) open(ticket.merged_into);
  });
  document.addEventListener("languagechange", () => {
    if (currentView() === "ticket") render();
  });
}
