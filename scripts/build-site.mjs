// Copies the browser files the site needs from node_modules into static_site/vendor.
//
// altcha 3.x speaks ALTCHA protocol v2, as chalicelib/captcha.py issues it
// ({parameters: {algorithm: "PBKDF2/SHA-256", nonce, salt, cost, keyLength, keyPrefix,
// expiresAt}, signature}). Its "main" builds bundle the PBKDF2/SHA-* workers inline
// (the "external" build would need them registered by hand); the i18n variant also
// carries the Polish strings, so the widget's label reads "Nie jestem robotem".
import { cpSync, mkdirSync, existsSync } from "node:fs";

const files = [
  ["node_modules/altcha/dist/main/altcha.i18n.min.js", "static_site/vendor/altcha.js"],
  ["node_modules/axe-core/axe.min.js", "static_site/vendor/axe.min.js"],
];
mkdirSync("static_site/vendor", { recursive: true });
for (const [from, to] of files) {
  if (!existsSync(from)) throw new Error(`missing ${from}: run npm ci`);
  cpSync(from, to);
}
