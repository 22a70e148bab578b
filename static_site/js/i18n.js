// Language state, string lookup and translation of marked-up elements.
import { STRINGS } from "./strings.js";

const KEY = "helpdesk.language";
const LANGUAGES = ["pl", "en"];
let current = readStored();

function readStored() {
  try {
    const stored = localStorage.getItem(KEY);
    return LANGUAGES.includes(stored) ? stored : "pl";
  } catch {
    return "pl";
  }
}

export function language() {
  return current;
}

export function t(key, values = {}) {
  const text = STRINGS[current][key] ?? STRINGS.pl[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

// Elements carry data-i18n="key" (text) and data-i18n-attr="attr:key;attr:key".
export function translate(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":");
      el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) return;
  current = lang;
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  apply();
  document.dispatchEvent(new CustomEvent("languagechange", { detail: { language: lang } }));
}

export function apply() {
  document.documentElement.lang = current;
  translate(document);
}

export function formatDate(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(current === "pl" ? "pl-PL" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(date);
}
