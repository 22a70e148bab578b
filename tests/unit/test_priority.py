import pytest

from chalicelib.rules import priority


@pytest.mark.parametrize(
    "given, canonical",
    [("niski", "niski"), ("low", "niski"), ("Normal", "normalny"), (" WYSOKI ", "wysoki"), ("urgent", "pilny"),
     ("Pilny", "pilny")],
)
def test_parse_accepts_polish_and_english_any_case(given, canonical):
    assert priority.parse(given) == canonical


@pytest.mark.parametrize("bad", ["asap", "", "normalna", None, 3])
def test_parse_refuses_with_the_allowed_names(bad):
    with pytest.raises(ValueError) as error:
        priority.parse(bad)
    assert "niski (low), normalny (normal), wysoki (high), pilny (urgent)" in str(error.value)


def test_order_lowest_first():
    assert priority.PRIORITIES == ("niski", "normalny", "wysoki", "pilny")
    assert [priority.rank(p) for p in ("low", "normalny", "high", "pilny")] == [0, 1, 2, 3]
    assert sorted(["pilny", "niski", "wysoki", "normalny"], key=priority.rank, reverse=True) == [
        "pilny", "wysoki", "normalny", "niski"
    ]
    assert priority.DEFAULT == "normalny"


def test_labels():
    assert [priority.label(p) for p in priority.PRIORITIES] == ["Niski", "Normalny", "Wysoki", "Pilny"]
    assert [priority.label(p, "en") for p in priority.PRIORITIES] == ["Low", "Normal", "High", "Urgent"]
    assert priority.choices("en")[3] == {"id": "pilny", "label": "Urgent"}
