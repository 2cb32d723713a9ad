"""Account recovery without e-mail: a reset code given in person by the person's tutor or
commune officer, and the printable recovery code shown once at sign-up (issue 11)."""

import re
from datetime import timedelta

from flask import g
from sqlalchemy import select

from learning.accounts.models import Role, User
from learning.accounts.phone import display_phone
from learning.accounts.services import authenticate
from learning.audit.models import AuditEntry
from learning.extensions import db
from learning.recovery.models import CodeKind, RecoveryCode
from learning.recovery.services import MAX_WRONG_TRIES
from tests.factories import (
    PASSWORD,
    add_tutor,
    make_commune,
    make_team,
    make_user,
    sign_in,
)

NEW_PASSWORD = "moi-matkhau-9"


def shown_code(html: str) -> str:
    return re.search(r'<p class="code">([A-Z0-9-]+)</p>', html).group(1)


def learner_of(team, name: str = "Lò Văn Sáng") -> User:
    learner = make_user(commune=team.commune, full_name=name)
    learner.team_id = team.id
    db.session.commit()
    return learner


def fresh(app):
    g.pop("_login_user", None)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def reset(client, learner: User, code: str, password: str = NEW_PASSWORD):
    return client.post("/reset", data={"phone": display_phone(learner.phone), "code": code,
                                       "password": password, "password_again": password})


def issue(client, learner: User) -> str:
    page = client.get(f"/learners/{learner.id}/reset-code")
    assert page.status_code == 200 and "ID card" in page.text
    refused = client.post(f"/learners/{learner.id}/reset-code", data={})
    assert refused.status_code == 422, "the ID check must be confirmed"
    response = client.post(f"/learners/{learner.id}/reset-code", data={"confirm": "y"})
    assert response.status_code == 200
    return shown_code(response.text)


def test_a_tutor_gives_a_code_and_the_person_sets_a_new_password_everywhere_else_signed_out(
        app, client):
    team = make_team()
    tutor = add_tutor(team)
    learner = learner_of(team)
    own_phone = fresh(app)
    sign_in(own_phone, learner)  # the person's old session on another phone
    assert own_phone.get("/dashboard").status_code == 200

    assert sign_in(client, tutor).status_code == 302
    assert "Forgotten password: new code" in client.get(f"/learners/{learner.id}").text
    code = issue(client, learner)
    row = db.session.scalars(select(RecoveryCode)).one()
    assert code.replace("-", "") not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at - row.issued_at == timedelta(hours=24)

    person = fresh(app)
    assert "Forgot your password?" in person.get("/signin").text
    done = reset(person, learner, code.lower())
    assert done.status_code == 302 and done.location.endswith("/dashboard")
    assert person.get("/dashboard").status_code == 200, "signed in with the new password"
    db.session.expire_all()
    assert authenticate(learner.phone, NEW_PASSWORD) is not None
    assert authenticate(learner.phone, PASSWORD) is None
    assert own_phone.get("/dashboard").status_code == 302, "the old session has ended"
    assert reset(fresh(app), learner, code, "autre-mdp-1").status_code == 422, "used once"
    actions = [e.action for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.action.like("account.%")))]
    assert "account.reset_code" in actions and "account.reset" in actions


def test_who_may_give_a_reset_code(app, client):
    commune = make_commune()
    team, other_team = make_team(commune, "Thôn 1"), make_team(commune, "Thôn 2")
    learner = learner_of(team)
    other_tutor = add_tutor(other_team, "Tutor of another team")
    officer = make_user(Role.COMMUNE_OFFICER, commune, full_name="Officer")
    staff = make_user(Role.PROVINCE_STAFF, commune, full_name="Staff")
    db.session.commit()
    expected = {other_tutor: 404, staff: 403, officer: 200}
    for person, status in expected.items():
        client = fresh(app)
        sign_in(client, person)
        assert client.get(f"/learners/{learner.id}/reset-code").status_code == status, person


def test_wrong_codes_make_the_code_void_whatever_the_browser(app):
    team = make_team()
    tutor = add_tutor(team)
    learner = learner_of(team)
    client = fresh(app)
    sign_in(client, tutor)
    code = issue(client, learner)
    for _ in range(MAX_WRONG_TRIES):
        response = reset(fresh(app), learner, "AAAAA-AAAAA")
        assert response.status_code == 422 and "do not match" in response.text
    assert reset(fresh(app), learner, code).status_code == 422, "void after the wrong tries"
    assert db.session.scalar(select(AuditEntry.action).where(
        AuditEntry.action == "account.recovery_void")) is not None


def test_an_expired_code_and_an_unknown_number_get_the_same_answer(app):
    team = make_team()
    tutor = add_tutor(team)
    learner = learner_of(team)
    client = fresh(app)
    sign_in(client, tutor)
    code = issue(client, learner)
    row = db.session.scalars(select(RecoveryCode)).one()
    row.expires_at = row.issued_at - timedelta(seconds=1)
    db.session.commit()
    expired = reset(fresh(app), learner, code)
    stranger = User(phone="+84987654321")
    unknown = reset(fresh(app), stranger, code)
    assert expired.status_code == unknown.status_code == 422
    assert "do not match" in expired.text and "do not match" in unknown.text


def test_a_browser_that_tries_too_often_waits(app):
    client = fresh(app)
    stranger = User(phone="+84987654321")
    statuses = [reset(client, stranger, "AAAAA-AAAAA").status_code for _ in range(9)]
    assert statuses[:8] == [422] * 8 and statuses[8] == 429


def test_the_recovery_code_is_shown_once_after_sign_up_and_works_once(app, client):
    make_commune()
    db.session.commit()
    response = client.post("/signup", data={
        "phone": "0912 345 678", "full_name": "Hà Thị Lan", "birth_year": "1955",
        "commune": "17611", "password": "matkhau1", "consent": "y"})
    assert response.status_code == 302
    first = client.get("/dashboard").text
    code = shown_code(first)
    assert len(code.replace("-", "")) == 16
    assert "Your recovery code" not in client.get("/dashboard").text, "shown once"
    user = db.session.scalars(select(User)).one()
    row = db.session.scalars(select(RecoveryCode)).one()
    assert (row.kind, row.expires_at) == (CodeKind.PERSONAL, None)

    person = fresh(app)
    done = reset(person, user, code)
    assert done.status_code == 302
    assert "used up" in person.get("/dashboard").text
    assert reset(fresh(app), user, code, "autre-mdp-1").status_code == 422


def test_a_new_recovery_code_from_settings_needs_the_current_password(app, client):
    user = make_user()
    sign_in(client, user)
    assert "Make a new recovery code" in client.get("/settings").text
    wrong = client.post("/settings/recovery-code", data={"current_password": "nope"})
    assert wrong.status_code == 422 and "not your password" in wrong.text
    first = shown_code(client.post("/settings/recovery-code",
                                   data={"current_password": PASSWORD}).text)
    second = shown_code(client.post("/settings/recovery-code",
                                    data={"current_password": PASSWORD}).text)
    assert reset(fresh(app), user, first).status_code == 422, "replaced by the new one"
    assert reset(fresh(app), user, second).status_code == 302


def test_sign_in_and_sign_up_lead_to_the_claim_page_and_help(client):
    for page in ("/signin", "/signup"):
        html = client.get(page).text
        assert 'href="/claim"' in html and "I have a code from a tutor" in html
        assert 'href="/help"' in html
    assert 'href="/reset"' in client.get("/signin").text


def test_each_role_lands_on_its_work_with_its_learning_one_tap_away(app):
    commune = make_commune()
    team = make_team(commune)
    tutor = add_tutor(team)
    officer = make_user(Role.COMMUNE_OFFICER, commune, full_name="Officer")
    staff = make_user(Role.PROVINCE_STAFF, commune, full_name="Staff")
    staff.province_code = "40"
    admin = make_user(Role.ADMIN, full_name="Admin")
    learner = make_user(full_name="Learner")
    expected = {tutor: f"/teams/{team.id}/learners", officer: "/communes/17611",
                staff: "/statistics/provinces/40", admin: "/admin", learner: "/dashboard"}
    for person, place in expected.items():
        client = fresh(app)
        response = sign_in(client, person)
        assert response.location.endswith(place), (person.full_name, response.location)
        assert 'href="/dashboard"' in client.get(place).text, "My learning in the menu"
