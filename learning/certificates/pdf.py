"""A certificate as a PDF (fpdf2), A4 or A5, with a font that has the Vietnamese letters.

The font is found on the machine at run time (Debian's fonts-noto-core or fonts-dejavu-core, or
the CERTIFICATE_FONT setting: a regular .ttf, with its bold beside it when there is one); when
none is there, FontMissing says what to install."""

from functools import cache
from pathlib import Path

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

from learning.certificates.qr import qr_png
from learning.certificates.queries import CertificateText

FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
     "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)
PAPERS = {"a4": ((210, 297), 1.0), "a5": ((148, 210), 0.7)}  # millimetres (ISO 216)


class FontMissing(RuntimeError):
    """No font with the Vietnamese letters on this machine."""


@cache
def _fonts(configured: str | None) -> tuple[str, str]:
    candidates = list(FONT_CANDIDATES)
    if configured:
        bold = configured.replace("Regular", "Bold")
        candidates.insert(0, (configured, bold))
    for regular, bold in candidates:
        if Path(regular).is_file():
            return regular, bold if Path(bold).is_file() else regular
    tried = ", ".join(regular for regular, _bold in candidates)
    raise FontMissing(f"No font with Vietnamese letters for certificates (looked for {tried}): "
                      "install Debian's fonts-noto-core, or set CERTIFICATE_FONT to a .ttf file.")


def fonts() -> tuple[str, str]:
    return _fonts(current_app.config.get("CERTIFICATE_FONT"))


def certificate_pdf(text: CertificateText, verify_url: str, paper: str = "a4") -> bytes:
    """The PDF, in the current locale (wrap in flask_babel.force_locale for another)."""
    size, k = PAPERS.get(paper, PAPERS["a4"])
    regular, bold = fonts()
    pdf = FPDF(orientation="portrait", unit="mm", format=size)
    pdf.set_title(f"{text.title}: {text.name}")
    pdf.set_subject(", ".join(text.courses))
    pdf.set_author(_("Digital Education for All"))
    pdf.set_creator("Bình dân học vụ số")
    pdf.add_font("Cert", "", regular)
    pdf.add_font("Cert", "B", bold)
    pdf.set_auto_page_break(False)
    margin = 18 * k
    pdf.set_margins(margin, margin, margin)
    pdf.add_page()
    pdf.set_draw_color(10, 92, 54)
    pdf.set_line_width(1.2 * k)
    pdf.rect(8 * k, 8 * k, pdf.w - 16 * k, pdf.h - 16 * k)

    def line(words: str, points: float, style: str = "", gap: float = 4) -> None:
        pdf.set_font("Cert", style, points * k)
        pdf.multi_cell(0, points * k * 0.5, words, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap * k)

    pdf.set_y(30 * k)
    pdf.set_text_color(10, 92, 54)
    line(_("Digital Education for All"), 16, "B", 10)
    pdf.set_text_color(26, 26, 26)
    line(text.title, 30, "B", 8)
    line(_("This certifies that"), 14)
    line(text.name, 26, "B", 8)
    line(_("has completed") if len(text.courses) == 1 else _("has completed the courses"), 14)
    for course in text.courses:
        line(course, 17, "B", 2)
    pdf.ln(6 * k)
    line(_("Completed on %(day)s", day=format_date(text.completed_on, format="long")), 13, "", 2)
    if text.with_tutor:
        line(_("With the help of a community digital team"), 13, "", 2)
    if text.province:
        line(_("Issued in %(province)s", province=text.province), 13, "", 2)
    qr_size = 42 * k
    top = pdf.h - margin - qr_size - 14 * k
    pdf.image(qr_png(verify_url), x=(pdf.w - qr_size) / 2, y=top, w=qr_size, h=qr_size)
    pdf.set_y(top + qr_size + 2 * k)
    pdf.set_font("Cert", "", 9 * k)
    pdf.multi_cell(0, 4.5 * k, _("Check this certificate: %(url)s", url=verify_url),
                   align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
