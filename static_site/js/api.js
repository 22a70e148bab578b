// JSON over fetch against the API named in config.js.
const BASE = ((window.HELPDESK_CONFIG && window.HELPDESK_CONFIG.apiUrl) || "").replace(/\/+$/, "");

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status; // 0: the request never got an answer
    this.body = body || {};
  }

  get fieldErrors() {
    return this.body.errors || {};
  }
}

export function url(path) {
  return BASE + path;
}

export async function request(path, { method = "GET", body, token, headers = {} } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (token) init.headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url(path), init);
  } catch {
    throw new ApiError(0, null);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}
