// The seed's cookie notice, shown until acknowledged. Only this essential
// preference is stored (localStorage); the site sets no cookies at all.
import { $ } from "./dom.js";

const KEY = "helpdesk.cookieNotice";

function acknowledged() {
  try {
    return localStorage.getItem(KEY) === "accepted";
  } catch {
    return false;
  }
}

export function init() {
  const notice = $("#cookie-notice");
  notice.hidden = acknowledged();
  $("#cookie-accept").addEventListener("click", () => {
    try {
      localStorage.setItem(KEY, "accepted");
    } catch {
      // Private mode: hide it for this page only.
    }
    notice.hidden = true;
    $("[data-view]:not([hidden]) h1")?.focus();
  });
}
