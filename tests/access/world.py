"""The world the authorization matrix walks: two provinces, three communes, four teams, one
person of each role, and records (learners, events, quiz answers) in four places seen from the
signed-in person: their own team, another team of the same commune, another commune of the same
province, another province."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from learning.accounts.models import Role, User
from learning.catalog.records import record_ids
from learning.extensions import db
from learning.progress.models import CompletionHold
from learning.progress.services import hold_completions
from learning.teams.services import add_member
from learning.tutoring.services import record_tutored_attempt
from tests.factories import (
    add_tutor,
    make_commune,
    make_event,
    make_province,
    make_team,
    make_user,
    sign_up_in_person,
)

ROLES = ("anonymous", "learner", "tutor", "team_lead", "commune_officer", "province_staff",
         "admin")
# Checked from farthest to nearest, so that a change made in scope comes last.
TARGETS = ("other_province", "other_commune", "same_commune", "own")


@dataclass(frozen=True)
class Person:
    """Who signs in, as plain values: they outlive the session that built the world."""
    id: int
    phone: str


@dataclass
class World:
    people: dict[str, User] = field(default_factory=dict)  # role -> who signs in
    accounts: dict[str, Person] = field(default_factory=dict)  # the same, as plain values
    ids: dict[str, dict[str, object]] = field(default_factory=dict)  # target -> name -> id
    invitation_id: int = 0  # the learner's invitation to tutor in the same commune's other team

    def values(self, target: str | None) -> dict[str, object]:
        """What a route's path is filled with: {team}, {learner}, {event}, {commune}, {member},
        {attempt}, {user}, {course}, {lesson}, {invitation}."""
        today = date.today()
        year, week, _day = today.isocalendar()
        fixed = {"course": "vneid", "lesson": self.lesson_id, "user": self.ids["own"]["learner"],
                 "week": f"{year}-W{week:02d}", "month": today.strftime("%Y-%m"),
                 "quarter": f"{today.year}-Q{(today.month - 1) // 3 + 1}",
                 "year": str(today.year),
                 "invitation": self.invitation_id}
        return {**fixed, **(self.ids[target or "own"])}


def right_answers(lesson) -> dict:
    return {i: q.correct_answer for i, q in enumerate(lesson.text("vi").questions)}


def build_world(catalogue) -> World:
    make_province("40", "Nghệ An")
    make_province("01", "Hà Nội")
    communes = {"own": make_commune("17611", "Vân Tụ", "40"),
                "other_commune": make_commune("16681", "Thành Vinh", "40"),
                "other_province": make_commune("00004", "Ba Đình", "01")}
    communes["same_commune"] = communes["own"]
    course = catalogue.course("vneid")
    lesson = course.lessons[0]
    world = World()
    teams = {}
    world.lesson_id = lesson.id
    for target in TARGETS:
        commune = communes[target]
        team = teams[target] = make_team(commune, f"Thôn {target}")
        lead = add_tutor(team, f"Lead {target}", lead=True)
        tutor = add_tutor(team, f"Tutor {target}")
        learner, _code = sign_up_in_person(team, tutor, f"Learner {target}")
        event = make_event(team, lead, f"Event {target}")
        attempt = record_tutored_attempt(tutor, learner, course, lesson, right_answers(lesson),
                                         str(uuid.uuid4()), event).attempt
        member = next(m for m in team.members if m.user_id == tutor.id)
        # The completion held for review, as a rule would (issue 13's review pages).
        hold_completions([(learner.id, record_ids().lessons[(course.id, lesson.id)],
                           {"instant": {"seconds": 3, "minimum": 60}})])
        hold = db.session.scalars(select(CompletionHold.id).where(
            CompletionHold.learner_id == learner.id)).one()
        world.ids[target] = {"team": team.id, "learner": learner.id, "event": event.id,
                             "commune": commune.code, "province": commune.province_code,
                             "member": member.id,
                             "attempt": attempt.id, "hold": hold}
        if target == "own":
            world.people["tutor"], world.people["team_lead"] = tutor, lead
            me = make_user(commune=commune, full_name="Learner who signs in")
            me.team_id = team.id
            world.people["learner"] = me
    world.people["commune_officer"] = make_user(Role.COMMUNE_OFFICER, communes["own"],
                                                full_name="Officer")
    invitation, _code = add_member(world.people["commune_officer"], teams["same_commune"],
                                   world.people["learner"].phone, "")
    world.invitation_id = invitation.id
    staff = make_user(Role.PROVINCE_STAFF, communes["own"], full_name="Province staff")
    staff.province_code = "40"
    world.people["province_staff"] = staff
    world.people["admin"] = make_user(Role.ADMIN, full_name="Admin")
    db.session.commit()
    world.accounts = {role: Person(user.id, user.phone) for role, user in world.people.items()}
    return world
