"""The QR code printed on a certificate: the address of its verification page (segno)."""

import io

import segno


def qr_svg(url: str) -> str:
    """An inline SVG (scales with CSS), black on white with the quiet zone the standard asks."""
    return segno.make(url, error="m").svg_inline(scale=4, border=4, dark="#000", light="#fff")


def qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=4)
    buffer.seek(0)
    return buffer
