"""The consultants' routes (consultants group)."""

from __future__ import annotations

from chalicelib.api.authorizers import consultant_auth
from chalicelib.api.http import Routes

routes = Routes(__name__)


@routes.route("/consultant/tickets", authorizer=consultant_auth, query="ConsultantListQuery", answer="Page")
def queue() -> dict:
    from chalicelib.tickets import reading

    return reading.list_for_consultant(routes.principal(), routes.query())


@routes.route("/consultant/tickets/{number}", authorizer=consultant_auth, answer="Detail")
def consultant_ticket(number: str) -> dict:
    from chalicelib.tickets import reading

    return reading.detail(reading.find(number), for_customer=False)


@routes.route("/consultant/tickets/{number}/replies", methods=["POST"], authorizer=consultant_auth,
               body="ConsultantReplyRequest", answer="Detail")
def consultant_reply(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.reply(routes.principal(), number, routes.body())


@routes.route("/consultant/tickets/{number}/notes", methods=["POST"], authorizer=consultant_auth,
               body="ConsultantReplyRequest", answer="Detail")
def consultant_note(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.note(routes.principal(), number, routes.body())


@routes.route("/consultant/tickets/{number}/assign", methods=["POST"], authorizer=consultant_auth,
               body="AssignRequest", answer="Detail")
def consultant_assign(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.assign(routes.principal(), number, routes.body())


@routes.route("/consultant/tickets/{number}/claim", methods=["POST"], authorizer=consultant_auth,
               body="ChangeRequest", body_required=False, answer="Detail")
def consultant_claim(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.claim(routes.principal(), number, routes.body())


@routes.route("/consultant/tickets/{number}/close", methods=["POST"], authorizer=consultant_auth,
               body="ChangeRequest", body_required=False, answer="Detail")
def consultant_close(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.close(routes.principal(), number, routes.body())


@routes.route("/consultant/tickets/{number}/reopen", methods=["POST"], authorizer=consultant_auth,
               body="ChangeRequest", body_required=False, answer="Detail")
def consultant_reopen(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.reopen(routes.principal(), number, routes.body())


@routes.route("/consultant/tickets/{number}/classify", methods=["POST"], authorizer=consultant_auth,
               body="ClassifyRequest", answer="Detail")
def consultant_classify(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.classify(routes.principal(), number, routes.body())


@routes.route("/consultant/tickets/{number}/priority", methods=["POST"], authorizer=consultant_auth,
               body="PriorityRequest", answer="Detail")
def consultant_priority(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.set_priority(routes.principal(), number, routes.body())


@routes.route("/consultant/tickets/{number}/merge", methods=["POST"], authorizer=consultant_auth,
               body="MergeRequest", answer="Detail")
def consultant_merge(number: str) -> dict:
    from chalicelib.tickets import merging

    return merging.merge(routes.principal(), number, routes.body())


@routes.route("/consultant/tickets/{number}/attachment", authorizer=consultant_auth, query="AttachmentQuery",
               answer="DownloadLink")
def consultant_attachment(number: str) -> dict:
    from chalicelib.tickets import attachments

    return attachments.download_link(number, routes.query().get("key"))


@routes.route("/consultant/tickets/{number}/text", authorizer=consultant_auth, query="EntryQuery",
               answer="DownloadLink")
def consultant_whole_text(number: str) -> dict:
    from chalicelib.tickets import originals

    return originals.text_link(number, routes.query().get("entry"))


@routes.route("/consultant/tickets/{number}/raw", authorizer=consultant_auth, query="EntryQuery",
               answer="DownloadLink")
def consultant_raw_mail(number: str) -> dict:
    from chalicelib.tickets import originals

    return originals.raw_link(number, routes.query().get("entry"))


@routes.route("/consultant/mailroom/{box}", authorizer=consultant_auth, answer="Mailroom")
def consultant_mailroom(box: str) -> dict:
    from chalicelib.inbox import mailroom

    return mailroom.listing(box)


@routes.route("/consultant/mailroom/{box}/raw", authorizer=consultant_auth, query="EntryQuery",
               answer="DownloadLink")
def consultant_mailroom_raw(box: str) -> dict:
    from chalicelib.inbox import mailroom

    return mailroom.raw_link(box, routes.query().get("entry"))


@routes.route("/consultant/me", authorizer=consultant_auth, answer="Availability")
def consultant_whoami() -> dict:
    from chalicelib.people import directory

    return directory.availability(routes.principal())


@routes.route("/consultant/me", methods=["PUT"], authorizer=consultant_auth, body="AvailabilityRequest",
               answer="Availability")
def consultant_me() -> dict:
    from chalicelib.people import directory

    return directory.set_availability(routes.principal(), routes.body())
