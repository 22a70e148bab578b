// One thread entry as a list item: messages, replies, internal notes, automatic mail and
// short event lines. Text goes in through textContent only (dom.el).
import { el } from "../dom.js";
import { authed } from "../session.js";
import { formatDate, t } from "../i18n.js";
import { size } from "../ticket-view.js";

const EVENTS = ["closed", "reopened", "opened", "replied", "customer_replied", "assigned", "unassigned", "classified",
  "merged", "merged_from"];

function time(entry) {
  return el("time", { datetime: entry.created_at, text: formatDate(entry.created_at) });
}

function eventLine(entry) {
  const values = { who: entry.author || "system", detail: entry.detail || "", action: entry.action || "" };
  const key = EVENTS.includes(entry.action) ? `console.event.${entry.action}` : "console.event.other";
  let text = t(key, values);
  if (!EVENTS.includes(entry.action) && entry.detail) text += ` (${entry.detail})`;
  return el("li", { className: "entry-event", "data-kind": "event" },
    el("span", { text }), " · ", time(entry));
}

// A short-lived link from the API; the file downloads (it is never rendered here).
async function download(number, key) {
  const path = `/consultant/tickets/${encodeURIComponent(number)}/attachment?key=${encodeURIComponent(key)}`;
  const link = await authed(path);
  window.location.assign(link.url);
}

function attachments(entry, number) {
  const files = entry.attachments || [];
  if (!files.length) return null;
  return el("ul", { className: "attachments" },
    files.map((a) => {
      const button = el("button", { type: "button", className: "link-button",
        text: t("ticket.attachment", { name: a.filename, size: size(a.size || 0) }) });
      button.addEventListener("click", () => download(number, a.key).catch(() => {}));
      return el("li", {}, button);
    }));
}

// The whole text of a long message, and the original mail (files left out of the entry are in it):
// short-lived links from the API. The text opens as plain text on S3's origin, never ours.
async function openLink(number, kind, entryId, target) {
  const path = `/consultant/tickets/${encodeURIComponent(number)}/${kind}?entry=${encodeURIComponent(entryId)}`;
  const link = await authed(path);
  if (target) target.location.assign(link.url);
  else window.location.assign(link.url);
}

function originals(item, number) {
  const parts = [];
  if (item.truncated) {
    const button = el("button", { type: "button", className: "link-button whole-text",
      text: t("console.wholeText", { size: size(item.text_size || 0) }) });
    button.addEventListener("click", () => {
      const target = window.open("", "_blank");  // opened on the click, filled when the link comes
      if (target) target.opener = null;
      openLink(number, "text", item.id, target).catch(() => target && target.close());
    });
    parts.push(el("p", {}, button));
  }
  if (item.omitted) {
    const names = (item.omitted.names || []).slice(0, 3).join(", ");
    parts.push(el("p", { className: "muted omitted",
      text: t("console.omitted", { count: item.omitted.count, size: size(item.omitted.size || 0), names }) }));
    const raw = el("button", { type: "button", className: "link-button raw-mail", text: t("console.rawMail") });
    raw.addEventListener("click", () => openLink(number, "raw", item.id).catch(() => {}));
    parts.push(el("p", {}, raw));
  }
  return parts.length ? parts : null;
}

export function entry(item, number) {
  if (item.kind === "event") return eventLine(item);
  const note = item.kind === "note";
  const label = t(`console.kind.${["message", "reply", "note", "mail"].includes(item.kind) ? item.kind : "event"}`);
  const who = item.author || item.sender || "";
  return el("li", { className: `entry entry-${item.kind}${item.kind === "message" ? "" : " entry-consultant"}`, "data-kind": item.kind },
    el("p", { className: "entry-head" },
      el("strong", { className: note ? "internal-label" : null, text: label }),
      note ? el("span", { className: "visually-hidden", text: ` ${t("console.internalOnly")}` }) : null,
      who ? ` · ${who}` : "",
      " · ",
      time(item)),
    item.subject && item.kind === "mail" ? el("p", { className: "entry-subject", text: item.subject }) : null,
    el("div", { className: "entry-body", text: item.body || "" }),
    item.kind === "reply" && item.delivery ? el("p", { className: "muted", text: t("console.delivery", { state: item.delivery }) }) : null,
    attachments(item, number),
    originals(item, number));
}
