"""Lists of names in the alphabetical order of the page's language (ICU collation): in
Vietnamese "Bạch Hà" before "Bình Minh", a < ă < â, d < đ, o < ô < ơ, u < ư; the same order
whether Python or the database sorts (a page of a long list)."""

from learning.accounts.models import Role
from learning.text import by_name, sort_key
from tests.factories import (
    add_tutor,
    make_commune,
    make_team,
    make_user,
    sign_in,
    sign_up_in_person,
)

# In Vietnamese alphabetical order; by character code (or accents ignored) they are not.
VIETNAMESE_ORDER = ["Anh Tú", "Ăn Thị Hà", "Âu Văn Sơn", "Bạch Hà", "Bình Minh", "Dương Văn Đức",
                    "Đặng Thị Lan", "Ong Văn Ba", "Ông Văn Bốn", "Ơn Thị Năm", "Uông Thị Hoa",
                    "Ưng Văn Tám"]
SHUFFLED = ["Đặng Thị Lan", "Bình Minh", "Ưng Văn Tám", "Ăn Thị Hà", "Ơn Thị Năm", "Anh Tú",
            "Uông Thị Hoa", "Ông Văn Bốn", "Bạch Hà", "Âu Văn Sơn", "Ong Văn Ba", "Dương Văn Đức"]


def positions(text: str, names: list[str]) -> list[int]:
    return [text.index(name) for name in names]


def in_order(text: str, names: list[str]) -> bool:
    found = positions(text, names)
    return found == sorted(found)


def test_the_sort_key_follows_the_vietnamese_alphabet():
    assert by_name(SHUFFLED, locale="vi") == VIETNAMESE_ORDER
    assert sorted(VIETNAMESE_ORDER) != VIETNAMESE_ORDER  # character codes would not do
    tones = ["ba", "bà", "bả", "bã", "bá", "bạ"]  # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(reversed(tones), key=lambda t: sort_key(t, "vi")) == tones


def test_a_teams_list_of_learners_is_in_vietnamese_order(app, client):
    team = make_team()
    tutor = add_tutor(team, "Trần Văn Minh")
    for name in SHUFFLED:
        sign_up_in_person(team, tutor, name)
    sign_in(client, tutor)
    page = client.get(f"/teams/{team.id}/learners")
    assert page.status_code == 200 and in_order(page.text, VIETNAMESE_ORDER)


def test_in_french_the_list_follows_the_french_order(app, client):
    team = make_team()
    tutor = add_tutor(team, "Trần Văn Minh")
    for name in ("Dương Văn Đức", "Đặng Thị Lan", "Ăn Thị Hà", "Anh Tú"):
        sign_up_in_person(team, tutor, name)
    sign_in(client, tutor)
    page = client.get(f"/teams/{team.id}/learners", headers={"Accept-Language": "fr"})
    assert page.status_code == 200 and 'lang="fr"' in page.text
    # French ignores the accents at first: Ăn before Anh, Đặng before Dương.
    assert in_order(page.text, ["Ăn Thị Hà", "Anh Tú", "Đặng Thị Lan", "Dương Văn Đức"])


def test_the_administrators_pages_of_users_are_in_vietnamese_order(app, client):
    """The database sorts this list (a page at a time): same order as Python's."""
    commune = make_commune()
    for name in SHUFFLED:
        make_user(commune=commune, full_name=name)
    admin = make_user(Role.ADMIN, commune=commune, full_name="Zơ Quản Trị")
    sign_in(client, admin)
    page = client.get("/admin/users?role=learner")
    assert page.status_code == 200 and in_order(page.text, VIETNAMESE_ORDER)


def test_communes_and_their_teams_are_in_vietnamese_order(app, client):
    names = ["Âu Lâu", "Bạch Ngọc", "Bình Chuẩn", "Đà Sơn", "Diễn Châu"]
    expected = by_name(names, locale="vi")
    assert expected == ["Âu Lâu", "Bạch Ngọc", "Bình Chuẩn", "Diễn Châu", "Đà Sơn"]
    communes = [make_commune(code=f"1760{i}", name=name) for i, name in
                enumerate(reversed(names))]
    for area in ("Thôn Đông", "Thôn Dư", "Thôn Ấp", "Thôn Ba"):
        make_team(communes[0], area_name=area)
    admin = make_user(Role.ADMIN, commune=communes[0], full_name="Quản Trị")
    sign_in(client, admin)
    listed = client.get("/communes")
    assert listed.status_code == 200 and in_order(listed.text, [f"Xã {n}" for n in expected])
    dashboard = client.get("/statistics/provinces/40?sort=name&dir=asc")
    assert dashboard.status_code == 200
    assert in_order(dashboard.text.split('id="communes"')[-1], [f"Xã {n}" for n in expected])
    teams = client.get(f"/communes/{communes[0].code}")
    assert in_order(teams.text, ["Thôn Ấp", "Thôn Ba", "Thôn Dư", "Thôn Đông"])
