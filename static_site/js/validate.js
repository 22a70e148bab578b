// Client-side checks mirroring the server's (chalicelib/validation.py).
// Each error is {code, limit?}; messages come from the strings at display time.

const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;
const CONTROL_MULTILINE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^\+?[0-9 ()./-]{5,40}$/;

// The server counts code points, not UTF-16 units.
const length = (text) => [...text].length;

const RULES = {
  request_type: { required: true },
  product: { required: true },
  subject: { required: true, max: 200, control: CONTROL },
  description: { required: true, max: 20000, control: CONTROL_MULTILINE },
  name: { required: true, max: 200, control: CONTROL },
  email: { required: true, max: 254, control: CONTROL, pattern: EMAIL, code: "email" },
  phone: { max: 40, control: CONTROL, pattern: PHONE, code: "phone" },
  company: { max: 200, control: CONTROL },
  body: { required: true, max: 20000, control: CONTROL_MULTILINE },
};

export const LIMITS = Object.fromEntries(Object.entries(RULES).map(([field, rule]) => [field, rule.max]));

export function checkField(field, raw) {
  const rule = RULES[field];
  const value = (raw || "").trim();
  if (!rule) return null;
  if (!value) return rule.required ? { code: "required" } : null;
  if (rule.control && rule.control.test(value)) return { code: "control" };
  if (rule.max && length(value) > rule.max) return { code: "too_long", limit: rule.max };
  if (rule.pattern && !rule.pattern.test(value)) return { code: rule.code };
  return null;
}

export function check(values) {
  const errors = {};
  for (const [field, value] of Object.entries(values)) {
    const error = checkField(field, value);
    if (error) errors[field] = error;
  }
  return errors;
}
