"""User-facing validation messages, Polish by default and English on request."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "required": {"pl": "To pole jest wymagane.", "en": "This field is required."},
    "too_long": {"pl": "Maksymalnie {limit} znaków.", "en": "At most {limit} characters."},
    "control": {
        "pl": "Pole nie może zawierać znaków sterujących ani podziału wiersza.",
        "en": "Must not contain control characters or line breaks.",
    },
    "email": {"pl": "Podaj poprawny adres e-mail.", "en": "Enter a valid e-mail address."},
    "request_type": {"pl": "Wybierz rodzaj zgłoszenia z listy.", "en": "Choose a request type from the list."},
    "product": {
        "pl": "Wybierz produkt należący do wybranego rodzaju zgłoszenia.",
        "en": "Choose a product of the chosen request type.",
    },
    "language": {"pl": "Dozwolone języki: pl, en.", "en": "Allowed languages: pl, en."},
    "phone": {"pl": "Podaj poprawny numer telefonu.", "en": "Enter a valid phone number."},
    "invalid": {"pl": "Nieprawidłowa wartość.", "en": "Invalid value."},
    "unknown_field": {"pl": "Nieznane pole.", "en": "Unknown field."},
    "captcha_missing": {
        "pl": "Zaznacz „Nie jestem robotem”.",
        "en": "Tick “I am not a robot”.",
    },
    "captcha_invalid": {
        "pl": "Weryfikacja „Nie jestem robotem” nie powiodła się. Spróbuj ponownie.",
        "en": "The “I am not a robot” check failed. Please try again.",
    },
    "captcha_expired": {
        "pl": "Weryfikacja „Nie jestem robotem” wygasła. Zaznacz ją ponownie.",
        "en": "The “I am not a robot” check expired. Please tick it again.",
    },
    "captcha_used": {
        "pl": "Ta weryfikacja „Nie jestem robotem” została już użyta. Zaznacz ją ponownie.",
        "en": "This “I am not a robot” check was already used. Please tick it again.",
    },
    "boolean": {"pl": "Wartość true albo false.", "en": "true or false."},
    "text": {"pl": "Wartość musi być tekstem.", "en": "Must be text."},
    "integer": {"pl": "Wartość musi być liczbą całkowitą nieujemną.", "en": "Must be a whole number, 0 or more."},
    "object": {"pl": "Treść żądania musi być obiektem JSON.", "en": "Request body must be a JSON object."},
    "priority": {
        "pl": "Priorytet: niski, normalny, wysoki albo pilny (także low, normal, high, urgent).",
        "en": "Priority: low, normal, high or urgent (or niski, normalny, wysoki, pilny).",
    },
    "form": {"pl": "Popraw zaznaczone pola.", "en": "Please correct the marked fields."},
}


def message(code: str, language: str = "pl", **values: object) -> str:
    texts = MESSAGES.get(code, MESSAGES["invalid"])
    return texts.get(language, texts["pl"]).format(**values)
