// The confirmation: the ticket number, large and one click to copy, with the seed's advice.
import { $ } from "./dom.js";
import { t } from "./i18n.js";
import { show } from "./views.js";

let shown = null;

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older browsers: copy the selected number.
    const range = document.createRange();
    range.selectNodeContents($("#done-number"));
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
}

function render() {
  if (!shown) return;
  $("#done-number").textContent = shown.number;
  $("#done-mail").textContent = t("done.mailSent", { email: shown.email });
  $("#done-portal").hidden = !shown.account;
  $("#done-home").hidden = Boolean(shown.account);
}

export function init({ onNew, onPortal, onHome }) {
  $("#copy-number").addEventListener("click", async () => {
    const ok = await copy(shown.number);
    $("#copy-status").textContent = ok ? t("done.copied", { number: shown.number }) : t("done.copyFailed");
  });
  $("#done-new").addEventListener("click", () => onNew(shown.account));
  $("#done-portal").addEventListener("click", () => onPortal());
  $("#done-home").addEventListener("click", () => onHome());
  document.addEventListener("languagechange", render);
}

export function showConfirmation(number, email, account) {
  shown = { number, email, account };
  $("#copy-status").textContent = "";
  render();
  show("done");
}
