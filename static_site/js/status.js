// A ticket status as a labelled badge.
import { el } from "./dom.js";
import { t } from "./i18n.js";

const KNOWN = ["new", "open", "waiting", "closed", "merged"];

// prefix picks the wording: "status" (the customer's view) or "console.status".
export function statusBadge(status, prefix = "status") {
  const known = KNOWN.includes(status);
  return el("span", { className: `badge status-${known ? status : "other"}`, text: known ? t(`${prefix}.${status}`) : status });
}
