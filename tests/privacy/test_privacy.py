"""A learner sees all that is stored about them, downloads it, corrects it, leaves their team's
list, and deletes their account: personal data removed, anonymous counts kept."""

import json
import uuid

from sqlalchemy import func, select

from learning.accounts.models import Consent, Role, User
from learning.extensions import db
from learning.progress.models import LessonProgress
from learning.progress.services import record_quiz_attempt
from tests.factories import add_tutor, make_commune, make_team, make_user, sign_in


def right(lesson):
    return {i: q.correct_answer for i, q in enumerate(lesson.text("vi").questions)}


def learner_with_progress(catalogue):
    team = make_team(area_name="Thôn 3")
    add_tutor(team, "Trần Văn Minh")
    lan = make_user(commune=team.commune, full_name="Lê Thị Lan", phone="0912345678",
                    gender="female")
    lan.team_id = team.id
    course = catalogue.course("vneid")
    record_quiz_attempt(lan, course, course.lessons[0], right(course.lessons[0]),
                        str(uuid.uuid4()))
    return lan


def test_my_data_shows_and_downloads_everything(app, client, catalogue):
    lan = learner_with_progress(catalogue)
    sign_in(client, lan)
    page = client.get("/my-data")
    assert page.status_code == 200
    for text in ("Lê Thị Lan", "0912 345 678", "1960", "Xã Vân Tụ", "Thôn 3",
                 "1 quiz answered", "To keep my learning record"):
        assert text in page.text
    download = client.get("/my-data/download")
    assert download.mimetype == "application/json"
    assert "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.data)
    assert data["account"]["full_name"] == "Lê Thị Lan"
    assert data["team_following_me"]["area"] == "Thôn 3"
    assert data["consents"][0]["recorded_by"] == "me"
    assert data["lessons"][0]["course"] == "vneid" and data["lessons"][0]["completed_at"]
    assert data["quiz_attempts"][0]["score"] == 100


def test_correct_my_details_and_moving_commune_leaves_the_team(app, client, catalogue):
    lan = learner_with_progress(catalogue)
    make_commune("16681", "Thành Vinh")
    sign_in(client, lan)
    bad = client.post("/my-data/edit", data={"full_name": "", "birth_year": "1961",
                                             "commune": "17611"})
    assert bad.status_code == 422 and "Enter your full name." in bad.text
    assert 'value="1961"' in bad.text
    ok = client.post("/my-data/edit", data={"full_name": "Lê Thị Lành", "birth_year": "1961",
                                            "gender": "female", "commune": "16681"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert (lan.full_name, lan.birth_year, lan.commune_code, lan.team_id) == \
        ("Lê Thị Lành", 1961, "16681", None)


def test_leave_the_team_s_list(app, client, catalogue):
    lan = learner_with_progress(catalogue)
    sign_in(client, lan)
    client.post("/my-data/leave-team")
    db.session.expire_all()
    assert lan.team_id is None
    assert "No team follows my learning." in client.get("/my-data").text


def test_delete_my_account_keeps_anonymous_counts(app, client, catalogue):
    lan = learner_with_progress(catalogue)
    sign_in(client, lan)
    wrong = client.post("/my-data/delete", data={"password": "nope", "confirm": "y"})
    assert wrong.status_code == 422 and "This password is not right." in wrong.text
    response = client.post("/my-data/delete", data={"password": "secret123", "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    gone = db.session.get(User, lan.id)
    assert (gone.full_name, gone.phone, gone.password_hash, gone.birth_year, gone.gender) == \
        ("", None, None, None, None)
    assert gone.deleted_at is not None and gone.commune_code == "17611"
    assert db.session.scalar(select(func.count()).where(
        LessonProgress.learner_id == lan.id, LessonProgress.completed_at.is_not(None))) == 1
    assert db.session.scalars(select(Consent).where(Consent.user_id == lan.id)).one() \
        .withdrawn_at is not None
    assert client.get("/dashboard").status_code == 302, "signed out"
    assert client.post("/signin", data={"phone": "0912345678",
                                        "password": "secret123"}).status_code == 422


def test_an_officer_deletes_the_account_of_someone_who_cannot_sign_in(app, client, catalogue):
    from tests.factories import sign_up_in_person

    team = make_team()
    mai, _ = sign_up_in_person(team, add_tutor(team))
    sign_in(client, make_user(Role.COMMUNE_OFFICER, team.commune))
    assert client.post(f"/learners/{mai.id}/delete", data={}).status_code == 422
    assert client.post(f"/learners/{mai.id}/delete", data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, mai.id).deleted_at is not None
    assert client.get(f"/learners/{mai.id}").status_code == 404


def test_the_last_administrator_cannot_delete_their_account(app, client):
    admin = make_user(Role.ADMIN)
    sign_in(client, admin)
    response = client.post("/my-data/delete", data={"password": "secret123", "confirm": "y"})
    assert response.status_code == 422 and "last administrator" in response.text


def test_the_download_has_every_change_with_its_details(app, client, catalogue):
    from learning.audit.services import record_change

    lan = learner_with_progress(catalogue)
    for n in range(205):
        record_change(lan, "account.correct", "user", lan.id, fields=["full_name"], n=n)
    sign_in(client, lan)
    data = json.loads(client.get("/my-data/download").data)
    changes = [c for c in data["changes_log"] if c["action"] == "account.correct"]
    assert len(changes) == 205, "no limit on what is downloaded"
    assert {c["details"]["n"] for c in changes} == set(range(205))
    assert changes[0]["details"]["fields"] == ["full_name"]
    page = client.get("/my-data")
    assert page.text.count("Own details corrected") == 20, "the page shows the latest"


def test_my_data_shows_dates_in_vietnam_time(app, client, catalogue):
    from datetime import datetime

    from learning.audit.services import record_change

    lan = learner_with_progress(catalogue)
    consent = db.session.scalars(select(Consent).where(Consent.user_id == lan.id)).one()
    consent.given_at = datetime(2025, 9, 24, 20, 0)  # UTC: 25 September, 03:00 in Vietnam
    record_change(lan, "account.correct", "user", lan.id, fields=["full_name"]).at = \
        datetime(2025, 9, 24, 20, 30)
    sign_in(client, lan)
    page = client.get("/my-data").text
    assert "given on Sep 25, 2025" in page
    assert "9/25/25" in page and "3:30" in page
    assert "2025-09-24" not in page
    data = json.loads(client.get("/my-data/download").data)
    assert data["consents"][0]["given_at"] == "2025-09-24T20:00:00Z", "the file says UTC"
