"""The team screens speak the person's language: Vietnamese, French or English."""

import pytest

from learning.extensions import db
from tests.factories import add_tutor, make_team, sign_in
from tests.geography.helpers import row, write_csv

# French says "0 personne aidée" (0 and 1 take the singular), English "0 people helped".
PAGES = {
    "vi": ("Tổ của tôi", "Hướng dẫn một người", "<b>0</b>người được hướng dẫn trong tuần"),
    "fr": ("Mon équipe", "Accompagner quelqu’un", "<b>0</b>personne aidée cette semaine"),
    "en": ("My team", "Tutor someone", "<b>0</b>people helped this week"),
}


@pytest.mark.parametrize("locale", PAGES)
def test_team_page_in_each_language(app, client, locale):
    team = make_team()
    sign_in(client, add_tutor(team))
    client.get(f"/language/{locale}")
    page = client.get(f"/teams/{team.id}").text
    for text in PAGES[locale]:
        assert text in page


def test_claim_page_in_vietnamese(app, client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "vi"
    page = client.get("/claim").text
    assert "Tôi có mã từ người hướng dẫn" in page and "Nhận tài khoản của tôi" in page


def test_import_report_in_vietnamese(app, tmp_path):
    path = write_csv(tmp_path, row("17611"), row("bad"))
    result = app.test_cli_runner().invoke(args=["geo", "import", str(path)])
    db.session.remove()
    assert "xã/phường: 1 thêm mới, 0 thay đổi, 0 không đổi, 1 bị từ chối" in result.output
    assert f"{path}, dòng 3: bị từ chối: ward_code “bad” không phải mã gồm 5 chữ số" in \
        result.output
