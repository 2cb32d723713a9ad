"""The team's list of learners: searchable by name or phone, with each one's progress."""

import re
import uuid

from sqlalchemy import select

from learning.accounts.models import User
from learning.audit.models import AuditEntry
from learning.extensions import db
from learning.progress.services import record_quiz_attempt
from tests.factories import (
    add_tutor,
    make_commune,
    make_team,
    make_user,
    sign_in,
    sign_up_in_person,
)
from tests.teams.test_tutoring import setting


def right(lesson):
    return {i: q.correct_answer for i, q in enumerate(lesson.text("vi").questions)}


def test_roster_search_by_name_without_accents_or_by_phone(app, client, catalogue):
    team, tutor, mai, ban, course, lesson = setting(catalogue)
    hoa = make_user(commune=team.commune, full_name="Nguyễn Thị Hoà", phone="0912 888 777")
    hoa.team_id = team.id
    record_quiz_attempt(mai, course, lesson, right(lesson), str(uuid.uuid4()))
    sign_in(client, tutor)
    everyone = client.get(f"/teams/{team.id}/learners")
    assert "3 people" in everyone.text and "1 lesson" in everyone.text
    by_name = client.get(f"/teams/{team.id}/learners?q=lo thi")
    assert "Lò Thị Mai" in by_name.text and "Vi Văn Ban" not in by_name.text
    by_phone = client.get(f"/teams/{team.id}/learners?q=0912 888")
    assert "Nguyễn Thị Hoà" in by_phone.text and "Lò Thị Mai" not in by_phone.text
    assert "Nobody matches." in client.get(f"/teams/{team.id}/learners?q=zzz").text


def test_roster_shows_only_the_team_s_learners(app, client, catalogue):
    team, tutor, *_ = setting(catalogue)
    other = make_team(area_name="Thôn 9")
    sign_up_in_person(other, add_tutor(other, "Other"), "Người của đội khác")
    sign_in(client, tutor)
    assert "Người của đội khác" not in client.get(f"/teams/{team.id}/learners").text
    assert client.get(f"/teams/{other.id}/learners").status_code == 404


def errors_of(html: str) -> list[str]:
    return re.findall(r'<p class="err"[^>]*>(.*?)</p>', html)


def test_add_a_person_who_signed_up_on_their_own(app, client):
    team = make_team()
    tutor = add_tutor(team)
    lan = make_user(commune=team.commune, full_name="Lê Thị Lan", phone="0912345678",
                    birth_year=1961)
    away = make_user(commune=make_commune("16681", "Thành Vinh"), phone="0912345679",
                     birth_year=1961)
    sign_in(client, tutor)
    wrong_year = client.post(f"/teams/{team.id}/learners/add",
                             data={"phone": "0912345678", "birth_year": "1960"})
    assert wrong_year.status_code == 422
    assert "No learner account of this commune matches" in wrong_year.text
    elsewhere = client.post(f"/teams/{team.id}/learners/add",
                            data={"phone": "0912345679", "birth_year": "1961"})
    assert elsewhere.status_code == 422
    assert errors_of(elsewhere.text) == errors_of(wrong_year.text), "the same answer"
    added = client.post(f"/teams/{team.id}/learners/add",
                        data={"phone": "0912 345 678", "birth_year": "1961"})
    assert added.status_code == 302
    db.session.expire_all()
    assert lan.team_id == team.id and away.team_id is None
    assert db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.target_id == str(lan.id))).all() == ["learner.roster_add"]


def test_tutor_corrects_details_and_lead_takes_someone_off_the_list(app, client, catalogue):
    team, tutor, mai, *_ = setting(catalogue)
    lead = add_tutor(team, "Lead", lead=True)
    sign_in(client, tutor)
    response = client.post(f"/learners/{mai.id}/edit",
                           data={"full_name": "Lò Thị Mải", "birth_year": "1949"})
    assert response.status_code == 302
    assert client.post(f"/learners/{mai.id}/remove", data={"confirm": "y"}).status_code == 403
    client.post("/signout")
    sign_in(client, lead)
    assert client.post(f"/learners/{mai.id}/remove", data={"confirm": "y"}).status_code == 302
    person = db.session.get(User, mai.id)
    assert (person.full_name, person.birth_year, person.team_id) == ("Lò Thị Mải", 1949, None)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "learner.update")).one()
    assert entry.details == {"fields": ["full_name", "birth_year"]}, "fields, never values"


def test_officer_finds_anyone_of_the_commune_whatever_their_team(app, client, catalogue):
    from learning.accounts.models import Role

    team, tutor, mai, *_ = setting(catalogue)
    alone = make_user(commune=team.commune, full_name="Đinh Văn Độc", phone="0912555666")
    away = make_user(commune=make_commune("16681", "Thành Vinh"), full_name="Đinh Văn Xa")
    sign_in(client, make_user(Role.COMMUNE_OFFICER, team.commune))
    latest = client.get("/communes/17611/learners")
    assert "Đinh Văn Độc" in latest.text and "Lò Thị Mai" in latest.text
    found = client.get("/communes/17611/learners?q=dinh van")
    assert "Đinh Văn Độc" in found.text and "no team" in found.text
    assert away.full_name not in found.text and "Lò Thị Mai" not in found.text
    assert client.get(f"/learners/{alone.id}").status_code == 200
    assert client.get(f"/learners/{away.id}").status_code == 404
    assert client.get("/communes/16681/learners").status_code == 404
