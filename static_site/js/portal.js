// "Moje zgłoszenia": the account's tickets, newest first, page by page.
import * as catalog from "./catalog.js";
import { $, el, clear } from "./dom.js";
import { formatDate, t } from "./i18n.js";
import { authed, current } from "./session.js";
import { statusBadge } from "./status.js";
import { currentView, show } from "./views.js";

let onOpen = () => {};
let tickets = [];
let cursor = null;

function item(ticket) {
  const labels = catalog.labels(ticket.request_type, ticket.product);
  const link = el("a", { href: `#${encodeURIComponent(ticket.number)}`, className: "ticket-link", text: ticket.subject });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    onOpen(ticket.number);
  });
  return el("li", { className: "ticket-item" },
    el("h2", { className: "ticket-subject" }, link),
    el("p", { className: "ticket-line" },
      el("span", { className: "ticket-number-small", text: ticket.number }),
      el("span", { className: "visually-hidden", text: t("portal.status") }),
      statusBadge(ticket.status)),
    el("p", { className: "ticket-line muted", text: `${labels.type} · ${labels.product}` }),
    el("p", { className: "ticket-line muted", text: t("portal.updated", { date: formatDate(ticket.updated_at) }) }));
}

function render() {
  const session = current();
  $("#portal-intro").textContent = session ? t("portal.intro", { email: session.email }) : "";
  const list = clear($("#ticket-list"));
  for (const ticket of tickets) list.append(item(ticket));
  $("#portal-empty").hidden = tickets.length > 0 || $("#portal-status").dataset.state === "loading";
  $("#portal-more").hidden = !cursor;
}

function setStatus(state) {
  const status = $("#portal-status");
  status.dataset.state = state;
  status.textContent = state === "loading" ? t("portal.loading") : state === "failed" ? t("portal.failed") : "";
  $("#portal-retry").hidden = state !== "failed";
}

async function load(more = false) {
  setStatus("loading");
  try {
    await catalog.load().catch(() => null);
    const query = more && cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
    const page = await authed(`/me/tickets${query}`);
    tickets = more ? [...tickets, ...page.tickets] : page.tickets;
    cursor = page.cursor || null;
    setStatus("done");
  } catch {
    if (!current()) return; // logged out: main shows the start page
    setStatus("failed");
  }
  render();
}

export function init({ onOpenTicket, onNew }) {
  onOpen = onOpenTicket;
  $("#portal-new").addEventListener("click", () => onNew());
  $("#portal-more").addEventListener("click", () => load(true));
  $("#portal-retry").addEventListener("click", () => load());
  document.addEventListener("languagechange", () => {
    if (currentView() === "portal") render();
  });
}

export function showPortal() {
  tickets = [];
  cursor = null;
  setStatus("loading");
  render();
  show("portal");
  return load();
}
