// The customer's login session: tokens in sessionStorage, one refresh on 401/403.
import { ApiError, request } from "./api.js";

const KEY = "helpdesk.session";
let refreshing = null;

export function current() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) || null;
  } catch {
    return null;
  }
}

function store(session) {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  document.dispatchEvent(new CustomEvent("sessionchange", { detail: { session } }));
}

function fromTokens(tokens) {
  return {
    idToken: tokens.id_token,
    refreshToken: tokens.refresh_token,
    email: tokens.email,
    name: tokens.name || "",
    role: tokens.role,
  };
}

// Resolves to the session, or throws ApiError (401 for a wrong login).
// Consultant accounts are refused here: this is the customer portal.
export async function login(email, password) {
  const tokens = await request("/auth/login", { method: "POST", body: { email, password } });
  if (tokens.role !== "customer") throw new ApiError(403, { message: "consultant" });
  const session = fromTokens(tokens);
  store(session);
  return session;
}

export function logout(reason = "logout") {
  store(null);
  document.dispatchEvent(new CustomEvent("loggedout", { detail: { reason } }));
}

async function refresh(session) {
  refreshing ??= request("/auth/refresh", { method: "POST", body: { refresh_token: session.refreshToken } })
    .then((tokens) => {
      const next = { ...session, ...fromTokens(tokens), refreshToken: tokens.refresh_token || session.refreshToken };
      store(next);
      return next;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

// A request with the bearer token; on 401/403 refresh once and retry once.
export async function authed(path, options = {}) {
  const session = current();
  if (!session) {
    logout("expired");
    throw new ApiError(401, null);
  }
  try {
    return await request(path, { ...options, token: session.idToken });
  } catch (error) {
    if (!(error instanceof ApiError) || ![401, 403].includes(error.status)) throw error;
  }
  let renewed;
  try {
    renewed = await refresh(session);
  } catch (error) {
    logout("expired");
    throw error;
  }
  try {
    return await request(path, { ...options, token: renewed.idToken });
  } catch (error) {
    if (error instanceof ApiError && [401, 403].includes(error.status)) logout("expired");
    throw error;
  }
}
