"""Vietnamese mobile numbers: accept 09x…, +84 9x…, spaces and dots; store E.164 (+849…)."""

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def normalize_phone(text: str) -> str | None:
    """The number's one stored form, or None when it is not a Vietnamese mobile number."""
    cleaned = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    if not cleaned:
        return None
    try:
        number = phonenumbers.parse(cleaned, "VN")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def display_phone(stored: str | None) -> str:
    """How a stored number is shown: 0912 345 678."""
    if not stored:
        return ""
    number = phonenumbers.parse(stored, "VN")
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
