// The header: language switch, who is signed in, navigation and availability.
import { $ } from "../dom.js";
import { language, setLanguage, t } from "../i18n.js";
import { authed, current } from "../session.js";
import { announce, updateTitle } from "../views.js";

// The server keeps the consultant's availability (the reopen rule reads it): ask it.
async function loadAvailability() {
  if (!current()) return;
  try {
    const me = await authed("/consultant/me");
    $("#available").checked = Boolean(me.available);
  } catch {
    // Keep what the box shows; a failed session is handled by session.js.
  }
}

function render() {
  const other = language() === "pl" ? "en" : "pl";
  const button = $("#lang-switch");
  button.textContent = t("lang.switch");
  button.lang = other;
  const session = current();
  $("#account-nav").hidden = !session;
  $("#signed-in-as").textContent = session ? t("nav.signedInAs", { email: session.email }) : "";
  updateTitle();
}

// PUT /consultant/me; the box goes back if the API refuses.
async function toggleAvailability(event) {
  const box = event.target;
  const available = box.checked;
  box.disabled = true;
  try {
    await authed("/consultant/me", { method: "PUT", body: { available } });
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
  document.addEventListener("sessionchange", () => {
    render();
    loadAvailability();
  });
  render();
  loadAvailability();
}
