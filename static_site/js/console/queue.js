// The queue: GET /consultant/tickets with status, queue and assignee filters, page by page.
import { $, el, clear } from "../dom.js";
import { formatDate, t } from "../i18n.js";
import { authed, current } from "../session.js";
import { statusBadge } from "../status.js";
import { currentView, show } from "../views.js";

let onOpenTicket = () => {};
let tickets = [];
let cursor = null;
let state = "idle"; // idle | loading | done | failed

function query(more) {
  const form = $("#filters");
  const params = new URLSearchParams({ status: form.elements.status.value });
  if (form.elements.queue.value) params.set("queue", form.elements.queue.value);
  if (form.elements.assignee.value !== "all") params.set("assignee", form.elements.assignee.value);
  if (more && cursor) params.set("cursor", cursor);
  return `/consultant/tickets?${params}`;
}

function row(ticket) {
  const link = el("a", { href: `#${encodeURIComponent(ticket.number)}`, className: "ticket-number-small", text: ticket.number });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    onOpenTicket(ticket.number);
  });
  return el("tr", { "data-number": ticket.number },
    el("th", { scope: "row" }, link),
    el("td", { className: "subject", text: ticket.subject || "" }),
    el("td", {}, statusBadge(ticket.status, "console.status")),
    el("td", { text: ticket.queue || t("console.none") }),
    el("td", { text: ticket.assignee_email || t("console.nobody") }),
    el("td", {}, el("time", { datetime: ticket.updated_at, text: formatDate(ticket.updated_at) })));
}

function render() {
  const rows = clear($("#queue-rows"));
  for (const ticket of tickets) rows.append(row(ticket));
  $("#queue-caption").textContent = t("console.queueCaption", { count: tickets.length });
  $("#queue-status").textContent = state === "loading" ? t("console.loading") : "";
  $("#queue-failed").hidden = state !== "failed";
  $("#queue-failed").textContent = t("console.loadFailed");
  $("#queue-empty").hidden = state !== "done" || tickets.length > 0;
  $("#queue-more").hidden = !cursor || state === "loading";
}

async function load(more = false) {
  state = "loading";
  if (!more) {
    tickets = [];
    cursor = null;
  }
  render();
  try {
    const page = await authed(query(more));
    tickets = [...tickets, ...(page.tickets || [])];
    cursor = page.cursor || null;
    state = "done";
  } catch {
    if (!current()) return;
    state = "failed";
  }
  $("#queue-status").dataset.state = state;
  render();
}

export function init({ onOpen }) {
  onOpenTicket = onOpen;
  $("#filters").addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  $("#queue-more").addEventListener("click", () => load(true));
  document.addEventListener("languagechange", () => {
    if (currentView() === "queue") render();
  });
}

export function showQueue() {
  show("queue");
  return load();
}
