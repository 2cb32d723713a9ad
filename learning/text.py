"""Text helpers for Vietnamese names."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free form for searching: "Xã Vân Tụ" -> "xa van tu"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return squash(stripped.lower())


def squash(text: str) -> str:
    """Spaces at the ends removed and runs of spaces made one: "  Thôn   3 " -> "Thôn 3"."""
    return " ".join(text.split())
