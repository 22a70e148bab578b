// Inbound mail kept outside tickets: GET /consultant/mailroom/{unparsed|quarantine|automatic|consultants|failed}.
import { $, $$, el, clear } from "../dom.js";
import { formatDate, t } from "../i18n.js";
import { authed, current } from "../session.js";
import { currentView, show } from "../views.js";

let box = "unparsed";
let mail = [];
let state = "idle";

function row(item) {
  return el("tr", {},
    el("td", {}, el("time", { datetime: item.created_at, text: formatDate(item.created_at) })),
    el("td", { text: item.sender || t("console.none") }),
    el("td", { className: "subject", text: item.subject || t("console.none") }),
    el("td", { className: "detail", text: item.detail || "" }),
    el("td", { className: "raw-key" }, item.raw_key ? rawButton(item) : ""));
}

// The raw mail as a download, through a short-lived link (the box and the entry name it).
function rawButton(item) {
  const button = el("button", { type: "button", className: "link-button", text: t("console.rawMail") });
  button.addEventListener("click", async () => {
    const path = `/consultant/mailroom/${encodeURIComponent(box)}/raw?entry=${encodeURIComponent(item.id)}`;
    try {
      window.location.assign((await authed(path)).url);
    } catch {
      // the session check in authed() reports an expired login; nothing else to show here
    }
  });
  return button;
}

function render() {
  for (const button of $$("[data-box]")) button.setAttribute("aria-pressed", String(button.dataset.box === box));
  const rows = clear($("#mailroom-rows"));
  for (const item of mail) rows.append(row(item));
  $("#mailroom-caption").textContent = `${t(`console.box.${box}`)}: ${mail.length}`;
  $("#mailroom-status").textContent = state === "loading" ? t("console.loading") : "";
  $("#mailroom-failed").textContent = t("console.loadFailed");
  $("#mailroom-failed").hidden = state !== "failed";
  $("#mailroom-empty").hidden = state !== "done" || mail.length > 0;
}

async function load() {
  state = "loading";
  mail = [];
  render();
  try {
    mail = (await authed(`/consultant/mailroom/${box}`)).mail || [];
    state = "done";
  } catch {
    if (!current()) return;
    state = "failed";
  }
  render();
}

export function init() {
  for (const button of $$("[data-box]")) {
    button.addEventListener("click", () => {
      box = button.dataset.box;
      load();
    });
  }
  document.addEventListener("languagechange", () => {
    if (currentView() === "mailroom") render();
  });
}

export function showMailroom() {
  show("mailroom");
  return load();
}
