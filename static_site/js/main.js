// Wires the page together: which view follows which action.
import * as confirmation from "./confirmation.js";
import * as cookies from "./cookies.js";
import * as header from "./header.js";
import { apply, t } from "./i18n.js";
import * as loginPage from "./login.js";
import * as portal from "./portal.js";
import { current, logout } from "./session.js";
import { TicketForm } from "./ticket-form.js";
import * as ticketView from "./ticket-view.js";
import { announce, show } from "./views.js";

apply();
cookies.init();

const form = new TicketForm({
  onDone: (number, email, account) => confirmation.showConfirmation(number, email, account),
  onClose: (account) => (account && current() ? portal.showPortal() : show("start")),
});

const openForm = () => form.open(current());

header.init({
  onPortal: () => portal.showPortal(),
  onNew: openForm,
  onLogout: () => logout("logout"),
});
loginPage.init({ onLoggedIn: (session) => form.open(session), onAnonymous: () => form.open(null) });
confirmation.init({ onNew: openForm, onPortal: () => portal.showPortal(), onHome: () => show("start") });
portal.init({ onOpenTicket: (number) => ticketView.showTicket(number), onNew: openForm });
ticketView.init({ onBack: () => portal.showPortal() });

document.addEventListener("loggedout", (event) => {
  form.reset();
  show("start");
  announce(t(event.detail.reason === "expired" ? "session.expired" : "session.loggedOut"));
});
document.addEventListener("viewchange", (event) => {
  if (event.detail.view !== "start") announce("");
});

if (current()) portal.showPortal();
else show("start", { focus: false });
