// The ALTCHA widget ("Nie jestem robotem"): protocol v2 challenges from GET /captcha/challenge.
import { url } from "./api.js";
import { language } from "./i18n.js";

export class Captcha {
  constructor(widget) {
    this.widget = widget;
    this.state = "unverified";
    this.payload = null;
    this.waiters = [];
    widget.setAttribute("challenge", url("/captcha/challenge"));
    widget.setAttribute("language", language());
    widget.addEventListener("statechange", (event) => this.onState(event.detail || {}));
    this.ready = customElements.whenDefined("altcha-widget").then(() => this.configure());
    document.addEventListener("languagechange", () => this.configure());
  }

  configure() {
    // No interaction data is collected: the server never asks for it.
    this.widget.configure?.({ language: language(), humanInteractionSignature: false });
  }

  onState({ state, payload }) {
    this.state = state;
    this.payload = state === "verified" ? payload || this.payload : null;
    this.widget.dispatchEvent(new CustomEvent("captcha-state", { bubbles: true }));
    if (state === "verifying") return;
    for (const resolve of this.waiters.splice(0)) resolve(this.payload);
  }

  // The checkbox inside the widget: it takes focus for an error.
  checkbox() {
    return this.widget.querySelector('input[type="checkbox"]');
  }

  // The payload once solving has finished (null if not ticked or it failed).
  async result() {
    if (this.state !== "verifying") return this.payload;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  reset() {
    this.payload = null;
    this.state = "unverified";
    this.widget.reset?.();
  }
}
