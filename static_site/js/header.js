// The header: language switch and, when logged in, the account navigation.
import { $ } from "./dom.js";
import { language, setLanguage, t } from "./i18n.js";
import { current } from "./session.js";
import { updateTitle } from "./views.js";

function render() {
  const other = language() === "pl" ? "en" : "pl";
  const button = $("#lang-switch");
  button.textContent = t("lang.switch");
  button.lang = other; // the button's text is in the other language
  const session = current();
  $("#account-nav").hidden = !session;
  $("#signed-in-as").textContent = session ? t("nav.signedInAs", { email: session.email }) : "";
  updateTitle();
}

export function init({ onPortal, onNew, onLogout }) {
  $("#lang-switch").addEventListener("click", () => setLanguage(language() === "pl" ? "en" : "pl"));
  $("#nav-portal").addEventListener("click", () => onPortal());
  $("#nav-new").addEventListener("click", () => onNew());
  $("#nav-logout").addEventListener("click", () => onLogout());
  document.addEventListener("languagechange", render);
  document.addEventListener("sessionchange", render);
  render();
}
