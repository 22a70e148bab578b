// "Zaloguj" (Adres e-mail + Hasło), for the start page and the consultant console.
// On the start page the form without logging in is the other way in.
import { ApiError } from "./api.js";
import { $ } from "./dom.js";
import { FieldErrors } from "./field-errors.js";
import { t } from "./i18n.js";
import { login } from "./session.js";
import { check } from "./validate.js";

// wrongRole: the message key when the account is of the other kind (session.js answers 403).
export function init({ onLoggedIn, onAnonymous = null, wrongRole = "start.consultant" }) {
  const form = $("#login-form");
  const errors = new FieldErrors(form, $("#login-errors"));
  const button = $("#login-submit");
  const alert = (text) => ($("#login-alert").textContent = text);

  if (onAnonymous) $("#start-anonymous").addEventListener("click", () => onAnonymous());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    alert("");
    const email = form.elements.email.value.trim();
    const password = form.elements.password.value;
    const found = check({ email });
    if (!password) found.password = { code: "required" };
    if (Object.keys(found).length) {
      errors.show(found);
      return;
    }
    errors.clear();
    button.disabled = true;
    button.textContent = t("start.loggingIn");
    try {
      const session = await login(email, password);
      form.reset();
      onLoggedIn(session);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      const key = status === 401 ? "start.badLogin" : status === 403 ? wrongRole : "start.loginFailed";
      alert(t(key));
      form.elements.password.value = "";
      form.elements.email.focus();
    } finally {
      button.disabled = false;
      button.textContent = t("start.login");
    }
  });
}
