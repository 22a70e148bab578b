// Per-field error messages (aria-invalid, aria-describedby) and the error summary.
// Errors are {field: {code, limit}} from the client or {field: {text}} from the server.
import { $, el, clear, tokenList } from "./dom.js";
import { t } from "./i18n.js";

const messageOf = (error) => error.text ?? t(`err.${error.code}`, { limit: error.limit });

export class FieldErrors {
  // controlFor(field) returns the element that takes focus for a field.
  constructor(form, summary, controlFor = (field) => form.elements[field]) {
    this.form = form;
    this.summary = summary;
    this.controlFor = controlFor;
    this.errors = {};
    document.addEventListener("languagechange", () => this.render());
  }

  show(errors, { focus = true } = {}) {
    this.errors = { ...errors };
    this.render();
    if (focus) this.focusFirst();
  }

  clear() {
    this.errors = {};
    this.render();
  }

  clearField(field) {
    if (!(field in this.errors)) return;
    delete this.errors[field];
    this.render();
  }

  has(field) {
    return field in this.errors;
  }

  render() {
    for (const slot of this.form.querySelectorAll("[data-error-for]")) {
      const field = slot.dataset.errorFor;
      const error = this.errors[field];
      slot.textContent = error ? messageOf(error) : "";
      slot.hidden = !error;
      slot.closest(".field")?.classList.toggle("has-error", Boolean(error));
      const control = this.controlFor(field);
      if (!control) continue;
      tokenList(control, "aria-describedby", slot.id, Boolean(error));
      if (error) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
    this.renderSummary();
  }

  renderSummary() {
    const fields = this.ordered();
    this.summary.hidden = fields.length === 0;
    const list = clear($("ul", this.summary));
    for (const field of fields) {
      const control = this.controlFor(field);
      const label = this.form.querySelector(`[data-error-for="${field}"]`)?.dataset.label;
      const text = `${label ? `${t(label)}: ` : ""}${messageOf(this.errors[field])}`;
      const item = control && control.id ? el("a", { href: `#${control.id}`, text }) : el("span", { text });
      if (control) item.addEventListener("click", (event) => {
        event.preventDefault();
        control.focus();
      });
      list.append(el("li", {}, item));
    }
  }

  // Fields in document order; errors for unknown fields go last.
  ordered() {
    const slots = [...this.form.querySelectorAll("[data-error-for]")].map((slot) => slot.dataset.errorFor);
    const known = slots.filter((field) => field in this.errors);
    return [...known, ...Object.keys(this.errors).filter((field) => !slots.includes(field))];
  }

  focusFirst() {
    const first = this.ordered().map((field) => this.controlFor(field)).find(Boolean);
    (first || this.summary).focus();
  }
}
