// The header: language switch, who is signed in, navigation and availability.
import { $ } from "../dom.js";
import { language, setLanguage, t } from "../i18n.js";
import { authed, current } from "../session.js";
import { announce, updateTitle } from "../views.js";

const AVAILABLE = "helpdesk.console.available";

function storedAvailability() {
  try {
    return sessionStorage.getItem(AVAILABLE) !== "false";
  } catch {
    return true;
  }
}

function render() {
  const other = language() === "pl" ? "en" : "pl";
  const button = $("#lang-switch");
  button.textContent = t("lang.switch");
  button.lang = other;
  const session = current();
  if (!session) {
    try {
      sessionStorage.removeItem(AVAILABLE); // the next login starts from the default
    } catch {
      // Private mode: nothing was stored.
    }
  }
  $("#account-nav").hidden = !session;
  $("#signed-in-as").textContent = session ? t("nav.signedInAs", { email: session.email }) : "";
  $("#available").checked = storedAvailability();
  updateTitle();
}

// PUT /consultant/me; the box goes back if the API refuses.
async function toggleAvailability(event) {
  const box = event.target;
  const available = box.checked;
  box.disabled = true;
  try {
    await authed("/consultant/me", { method: "PUT", body: { available } });
    try {
      sessionStorage.setItem(AVAILABLE, String(available));
    } catch {
      // Private mode: the state lasts for this page only.
    }
    announce(t(available ? "console.availableOn" : "console.availableOff"));
  } catch {
    box.checked = !available;
    if (current()) announce(t("console.availabilityFailed"));
  } finally {
    box.disabled = false;
  }
}

export function init({ onQueue, onMailroom, onLogout }) {
  $("#lang-switch").addEventListener("click", () => setLanguage(language() === "pl" ? "en" : "pl"));
  $("#nav-queue").addEventListener("click", () => onQueue());
  $("#nav-mailroom").addEventListener("click", () => onMailroom());
  $("#nav-logout").addEventListener("click", () => onLogout());
  $("#available").addEventListener("change", toggleAvailability);
  document.addEventListener("languagechange", render);
  document.addEventListener("sessionchange", render);
  render();
}
