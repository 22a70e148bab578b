// Request types and their products from GET /catalog, as dependent <select>s.
import { request } from "./api.js";
import { el, clear } from "./dom.js";
import { language, t } from "./i18n.js";

let loaded = null;
let types = [];

export function load() {
  loaded ??= request("/catalog").then((data) => {
    types = data.request_types || [];
    return types;
  }).catch((error) => {
    loaded = null;
    throw error;
  });
  return loaded;
}

const labelOf = (item) => (item && (item.labels[language()] || item.labels.pl)) || "";

function findType(id) {
  return types.find((type) => type.id === id);
}

export function fillTypes(select) {
  const keep = select.value;
  clear(select).append(el("option", { value: "", text: t("form.choose") }));
  for (const type of types) select.append(el("option", { value: type.id, text: labelOf(type) }));
  select.value = findType(keep) ? keep : "";
}

// Products of the chosen type; a single product is chosen for the customer.
export function fillProducts(select, typeId) {
  const keep = select.value;
  const type = findType(typeId);
  clear(select);
  if (!type) {
    select.append(el("option", { value: "", text: t("form.chooseTypeFirst") }));
    select.disabled = true;
    return;
  }
  select.disabled = false;
  if (type.products.length !== 1) select.append(el("option", { value: "", text: t("form.choose") }));
  for (const product of type.products) select.append(el("option", { value: product.id, text: labelOf(product) }));
  if (type.products.some((product) => product.id === keep)) select.value = keep;
}

export function labels(typeId, productId) {
  const type = findType(typeId);
  const product = type && type.products.find((item) => item.id === productId);
  return {
    type: type ? labelOf(type) : t("ticket.unspecified"),
    product: product ? labelOf(product) : t("ticket.unspecified"),
  };
}
