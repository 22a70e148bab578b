// The request form: dependent lists, checks, captcha, one Idempotency-Key per opening.
import { ApiError, request } from "./api.js";
import { Captcha } from "./captcha.js";
import * as catalog from "./catalog.js";
import { $ } from "./dom.js";
import { FieldErrors } from "./field-errors.js";
import { language, t } from "./i18n.js";
import { authed } from "./session.js";
import { check, checkField, LIMITS } from "./validate.js";
import { show } from "./views.js";

const FIELDS = ["request_type", "product", "subject", "description", "name", "email", "phone", "company"];
const ACCOUNT_FIELDS = ["name", "email"];

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class TicketForm {
  constructor({ onDone, onClose }) {
    this.form = $("#ticket-form");
    this.captcha = new Captcha($("#captcha"));
    this.errors = new FieldErrors(this.form, $("#form-errors"), (field) =>
      field === "captcha" ? this.captcha.checkbox() : this.form.elements[field]);
    this.onDone = onDone;
    this.onClose = onClose;
    this.account = null;
    this.key = null;
    this.sending = false;
    this.form.addEventListener("submit", (event) => this.submit(event));
    $("#close-form").addEventListener("click", () => this.close());
    this.form.elements.request_type.addEventListener("change", () => this.fillProducts());
    this.form.addEventListener("input", (event) => this.recheck(event.target));
    this.form.addEventListener("change", (event) => this.recheck(event.target));
    this.form.addEventListener("captcha-state", () => {
      if (this.captcha.state === "verified") this.errors.clearField("captcha");
    });
    document.addEventListener("languagechange", () => this.relabel());
  }

  async open(account = null) {
    this.reset();
    this.account = account;
    this.key = newKey(); // reused by every retry until the form is closed or sent
    for (const field of ACCOUNT_FIELDS) {
      const input = this.form.elements[field];
      input.readOnly = Boolean(account);
      input.value = account ? (field === "email" ? account.email : account.name || account.email) : "";
    }
    $("#account-hint").hidden = !account;
    $("#captcha-field").hidden = Boolean(account);
    show("form");
    try {
      await catalog.load();
      this.relabel();
    } catch {
      this.alert(t("form.catalogFailed"));
    }
  }

  close() {
    const account = this.account;
    this.reset();
    this.onClose(account);
  }

  // Leaves nothing typed behind: values, errors, captcha and key.
  reset() {
    this.form.reset(); // also resets the ALTCHA widget
    this.captcha.reset();
    this.errors.clear();
    this.alert("");
    this.key = null;
    this.fillProducts();
    this.updateCount();
  }

  relabel() {
    catalog.fillTypes(this.form.elements.request_type);
    this.fillProducts();
    this.updateCount();
  }

  fillProducts() {
    catalog.fillProducts(this.form.elements.product, this.form.elements.request_type.value);
  }

  updateCount() {
    const count = [...this.form.elements.description.value.trim()].length;
    const number = new Intl.NumberFormat(language());
    $("#f-description-count").textContent = t("form.chars", {
      count: number.format(count),
      max: number.format(LIMITS.description),
    });
  }

  recheck(target) {
    if (target === this.form.elements.description) this.updateCount();
    const field = target.name;
    if (field && this.errors.has(field) && !checkField(field, target.value)) this.errors.clearField(field);
  }

  values() {
    const values = {};
    for (const field of FIELDS) values[field] = this.form.elements[field].value.trim();
    return values;
  }

  async submit(event) {
    event.preventDefault();
    if (this.sending) return; // a double click sends once
    this.alert("");
    const values = this.values();
    const errors = check(values);
    if (errors.request_type) delete errors.product; // its list opens once a type is chosen
    if (!this.account && !["verified", "verifying"].includes(this.captcha.state)) errors.captcha = { code: "captcha" };
    if (Object.keys(errors).length) {
      this.errors.show(errors);
      return;
    }
    this.errors.clear();
    this.setSending(true);
    try {
      const result = await this.send(values);
      if (!result) return;
      const email = this.account ? this.account.email : values.email;
      const account = this.account;
      this.reset();
      this.onDone(result.number, email, account);
    } catch (error) {
      this.failed(error);
    } finally {
      this.setSending(false);
    }
  }

  async send(values) {
    const body = { ...values, language: language() };
    const headers = { "Idempotency-Key": this.key };
    if (this.account) {
      for (const field of ACCOUNT_FIELDS) delete body[field];
      return authed("/me/tickets", { method: "POST", body, headers });
    }
    $("#form-status").textContent = t("form.verifyingStatus");
    const captcha = await this.captcha.result();
    if (!captcha) {
      this.errors.show({ captcha: { code: "captchaFailed" } });
      return null;
    }
    $("#form-status").textContent = t("form.sendingStatus");
    return request("/tickets", { method: "POST", body: { ...body, captcha }, headers });
  }

  failed(error) {
    if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500) {
      this.alert(t("form.failed"));
    } else if (error.status === 422) {
      this.alert(t("form.conflict"));
    } else if (Object.keys(error.fieldErrors).length) {
      const errors = Object.fromEntries(Object.entries(error.fieldErrors).map(([f, text]) => [f, { text }]));
      if (errors.captcha) this.captcha.reset(); // a refused solution cannot be used again
      this.errors.show(errors);
    } else if (![401, 403].includes(error.status)) {
      this.alert(error.body.message || t("form.failed"));
    }
  }

  setSending(sending) {
    this.sending = sending;
    const button = $("#send");
    // aria-disabled, not disabled: the button keeps keyboard focus while it works.
    button.setAttribute("aria-disabled", String(sending));
    $("#close-form").disabled = sending; // too late to take it back once it is on its way
    button.querySelector("[data-i18n]").dataset.i18n = sending ? "form.sending" : "form.send";
    button.querySelector("[data-i18n]").textContent = t(sending ? "form.sending" : "form.send");
    button.querySelector(".spinner").hidden = !sending;
    this.form.setAttribute("aria-busy", String(sending));
    $("#form-status").textContent = sending ? t("form.sendingStatus") : "";
  }

  alert(text) {
    $("#form-alert").textContent = text;
  }
}
