import pytest

from chalicelib.core.errors import InvalidInput
from chalicelib.rules.schemas import TicketRequest, parse_body
from tests.fixtures import ticket_form


def errors_of(data, language=None):
    with pytest.raises(InvalidInput) as caught:
        parse_body(TicketRequest, data, language)
    return caught.value.errors


def test_valid_form_is_normalised():
    request = parse_body(TicketRequest, ticket_form(email="Anna@Example.ORG", phone="", company=""))
    assert request.email == "anna@example.org"
    assert request.phone is None and request.company is None
    assert request.language == "pl"


def test_every_required_field_is_named():
    errors = errors_of({})
    for field in ("request_type", "product", "subject", "description", "name", "email"):
        assert errors[field] == "To pole jest wymagane."


def test_messages_follow_the_language():
    errors = errors_of({"language": "en"})
    assert errors["subject"] == "This field is required."


@pytest.mark.parametrize("field", ["subject", "name", "company"])
@pytest.mark.parametrize("bad", ["a\r\nBcc: x@example.com", "a\nb", "a\x00b", "a\u2028b"])
def test_single_line_fields_refuse_line_breaks_and_control_characters(field, bad):
    assert "znaków sterujących" in errors_of(ticket_form(**{field: bad}))[field]


def test_description_may_have_lines_but_not_other_control_characters():
    assert parse_body(TicketRequest, ticket_form(description="a\r\nb")).description == "a\nb"
    assert "description" in errors_of(ticket_form(description="a\x07b"))


def test_lengths():
    assert "200" in errors_of(ticket_form(subject="x" * 201))["subject"]
    assert "20000" in errors_of(ticket_form(description="x" * 20_001))["description"]
    parse_body(TicketRequest, ticket_form(subject="x" * 200, description="x" * 20_000))


def test_email_syntax():
    assert errors_of(ticket_form(email="not-an-address"))["email"] == "Podaj poprawny adres e-mail."


def test_product_must_belong_to_the_request_type():
    errors = errors_of(ticket_form(request_type="technical", product="progman-cloud-kadry-place"))
    assert list(errors) == ["product"]


def test_unknown_request_type_and_fields():
    errors = errors_of(ticket_form(request_type="sales", priority="urgent"))
    assert "request_type" in errors and "priority" in errors


def test_body_must_be_an_object():
    with pytest.raises(InvalidInput, match="JSON object"):
        parse_body(TicketRequest, ["not", "an", "object"])
