// Copies the browser files the site needs from node_modules into static_site/vendor.
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
