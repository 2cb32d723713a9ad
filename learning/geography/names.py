"""Names and codes of administrative units as they come in files: normalised before storing."""

import unicodedata

from learning.text import fold, squash

# ward_type in the official lists -> Commune.kind
KIND_BY_FOLDED_LABEL = {"xa": "xa", "phuong": "phuong", "dac khu": "dac_khu"}
KIND_LABELS = {"xa": "Xã", "phuong": "Phường", "dac_khu": "Đặc khu"}
PROVINCE_PREFIXES = ("Tỉnh ", "Thành phố ")


def clean_name(text: str | None) -> str:
    """One stored form of a name: Unicode NFC (files mix composed and decomposed accents),
    single spaces."""
    return squash(unicodedata.normalize("NFC", text or ""))


def commune_kind(label: str) -> str | None:
    """"Xã" -> "xa", "Phường" -> "phuong", "Đặc khu" -> "dac_khu"; None when unknown."""
    folded = fold(label)
    if folded in KIND_BY_FOLDED_LABEL.values():
        return folded
    return KIND_BY_FOLDED_LABEL.get(folded)


def short_province_name(full_name: str) -> str:
    """"Tỉnh Nghệ An" -> "Nghệ An", "Thành phố Hà Nội" -> "Hà Nội"."""
    for prefix in PROVINCE_PREFIXES:
        if full_name.startswith(prefix) and len(full_name) > len(prefix):
            return full_name[len(prefix):]
    return full_name


def official_code(text: str | None, width: int) -> str | None:
    """An official code as text with its leading zeros ("4" from a spreadsheet -> "04").
    None when it is not a code of at most ``width`` digits."""
    value = (text or "").strip()
    if not value.isdigit() or not value.isascii() or len(value) > width:
        return None
    return value.zfill(width)
