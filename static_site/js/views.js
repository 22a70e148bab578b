// One view visible at a time; its heading takes focus and names the page.
import { $, $$ } from "./dom.js";
import { t } from "./i18n.js";

let active = "start";

export function currentView() {
  return active;
}

export function show(name, { focus = true } = {}) {
  active = name;
  for (const view of $$("[data-view]")) view.hidden = view.dataset.view !== name;
  updateTitle();
  window.scrollTo(0, 0);
  if (focus) $(`[data-view="${name}"] h1`)?.focus();
  document.dispatchEvent(new CustomEvent("viewchange", { detail: { view: name } }));
}

export function updateTitle() {
  const heading = $(`[data-view="${active}"] h1`);
  document.title = heading && heading.textContent ? `${heading.textContent} – ${t("site")}` : t("brand");
}

// A polite status line for things that happen outside a form (logout, copy...).
export function announce(text) {
  const region = $("#flash");
  region.textContent = "";
  region.hidden = !text;
  // A fresh text node after a tick so screen readers announce a repeat as well.
  if (text) setTimeout(() => (region.textContent = text), 50);
}
