// The login session: tokens in sessionStorage, refreshed shortly before they expire
// and once more when the API refuses them. The customer site uses the defaults; the
// consultant console calls configure() first (its own key and role).
import { ApiError, request } from "./api.js";

let KEY = "helpdesk.session";
let ROLE = "customer";
const EARLY_MS = 60_000; // refresh a minute before expiry
let refreshing = null;

// Which account role this page accepts and where its session is kept.
export function configure({ storageKey = KEY, role = ROLE } = {}) {
  KEY = storageKey;
  ROLE = role;
}

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
    expiresAt: Date.now() + (Number(tokens.expires_in) || 3600) * 1000,
  };
}

// Resolves to the session, or throws ApiError (401 for a wrong login).
// An account of another role is refused with 403 (a consultant on the customer
// portal, a customer in the console).
export async function login(email, password) {
  const tokens = await request("/auth/login", { method: "POST", body: { email, password } });
  if (tokens.role !== ROLE) throw new ApiError(403, { message: tokens.role });
  const session = fromTokens(tokens);
  store(session);
  return session;
}

// Leaving on purpose also revokes the refresh token on the server (POST /auth/logout),
// so a copied token stops working; the session ends here whatever the answer.
export function logout(reason = "logout") {
  const session = current();
  if (reason === "logout" && session?.idToken) {
    request("/auth/logout", { method: "POST", token: session.idToken }).catch(() => {});
  }
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

// A refused refresh ends the session; a network failure leaves it for a later try.
async function renew(session) {
  try {
    return await refresh(session);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 0) logout("expired");
    throw error;
  }
}

// The API's authorizer refusals carry no CORS headers, so the browser reports them
// as a failed request (status 0) rather than 401/403: all three mean "try a new token".
const refused = (error) => error instanceof ApiError && [0, 401, 403].includes(error.status);

// A request with the bearer token; on refusal refresh once and retry once.
export async function authed(path, options = {}) {
  let session = current();
  if (!session) {
    logout("expired");
    throw new ApiError(401, null);
  }
  if (!session.expiresAt || session.expiresAt - Date.now() < EARLY_MS) session = await renew(session);
  try {
    return await request(path, { ...options, token: session.idToken });
  } catch (error) {
    if (!refused(error)) throw error;
  }
  const renewed = await renew(session);
  try {
    return await request(path, { ...options, token: renewed.idToken });
  } catch (error) {
    if (error instanceof ApiError && [401, 403].includes(error.status)) logout("expired");
    throw error;
  }
}
