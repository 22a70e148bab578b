// The consultant console: wires login, header, queue, ticket and mailroom together.
import "./collab-strings.js";
import { configure, current, logout } from "../session.js";
import { apply, t } from "../i18n.js";
import { announce, show } from "../views.js";
import * as actions from "./actions.js";
import * as find from "./find.js";
import * as header from "./header.js";
import * as loginPage from "../login.js";
import * as mailroom from "./mailroom.js";
import * as merge from "./merge.js";
import * as queue from "./queue.js";
import * as ticket from "./ticket.js";

configure({ storageKey: "helpdesk.console.session", role: "consultant" });
apply();

header.init({
  onQueue: () => queue.showQueue(),
  onMailroom: () => mailroom.showMailroom(),
  onLogout: () => logout("logout"),
});
loginPage.init({ onLoggedIn: () => queue.showQueue(), wrongRole: "console.customerRefused" });
queue.init({ onOpen: (number) => ticket.open(number) });
find.init({
  // A merged ticket's number leads to the ticket that holds its conversation now.
  onFound: (data) => {
    if (data.status === "merged" && data.merged_into) {
      ticket.open(data.merged_into).then(() => announce(t("console.mergedFollowed", { number: data.number })));
    } else {
      ticket.display(data);
    }
  },
  onOpen: (number) => ticket.open(number),
});
ticket.init({ onBack: () => queue.showQueue() });
actions.init();
merge.init();
mailroom.init();

document.addEventListener("loggedout", (event) => {
  show("login");
  announce(t(event.detail.reason === "expired" ? "session.expired" : "session.loggedOut"));
});
document.addEventListener("viewchange", (event) => {
  if (event.detail.view !== "login") announce("");
});

if (current()) queue.showQueue();
else show("login", { focus: false });
