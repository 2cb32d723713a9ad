"""The learners a team follows: the roster, signing up a person in person (also on the spot at
an event), adding someone who has an account, a learner's page, correcting details, claim codes,
leaving the list, and /claim where a person takes over the account made for them. Thin: find the
record through the policy, call a service, commit once."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learning.access import policy
from learning.catalog.records import current_catalogue
from learning.claims.services import claim_of, issue_claim_code
from learning.events.lookup import event_or_404
from learning.events.queries import attended_events
from learning.events.services import mark_attended
from learning.extensions import db
from learning.progress.queries import continue_with, learner_states
from learning.refusals import Refusal, show_error
from learning.roster import queries, services
from learning.roster.forms import AddLearnerForm, AssistedSignUpForm, LearnerForm
from learning.roster.lookup import learner_or_404
from learning.roster.recent import remember
from learning.teams import throttle
from learning.teams.lookup import team_or_404
from learning.teams.models import DigitalTeam
from learning.web.pages import Confirmation, confirm_then, render_form

bp = Blueprint("roster", __name__)


@bp.get("/teams/<int:team_id>/learners")
@login_required
def roster(team_id: int):
    team = team_or_404(team_id)
    query = request.args.get("q", "")[:80]
    return render_template("roster/roster.html", team=team, query=query,
                           rows=queries.roster(current_user, team, query),
                           changes=policy.can_change_roster(current_user, team))


def _sign_up(team: DigitalTeam, event=None):
    """The assisted sign-up form, for a team (and, at an event, marking them as attended)."""
    form = AssistedSignUpForm()
    form.ensure_form_id()
    duplicates = []
    if form.validate_on_submit():
        try:
            learner, code = services.sign_up_in_person(
                current_user, team, full_name=form.full_name.data,
                birth_year=form.birth_year.data, gender=form.gender.data,
                form_id=form.form_id.data, locale=session.get("locale"),
                confirmed_new=form.confirm_new.data)
        except Refusal as error:
            show_error(form, error)
            duplicates = services.same_person_on_roster(team, form.full_name.data,
                                                        form.birth_year.data)
        else:
            if event is not None:
                mark_attended(current_user, event, [learner])
            db.session.commit()
            remember(learner)
            if code is None:
                flash(_("%(name)s was already signed up.", name=learner.full_name))
                return redirect(url_for("roster.learner", learner_id=learner.id))
            return render_template("roster/claim_code.html", person=learner, code=code,
                                   event=event, new_learner=True,
                                   tutors_now=policy.can_tutor(current_user, learner))
    return render_form("roster/sign_up.html", form, team=team, event=event,
                       duplicates=duplicates)


@bp.route("/teams/<int:team_id>/learners/new", methods=["GET", "POST"])
@login_required
def new(team_id: int):
    team = team_or_404(team_id)
    policy.require(policy.can_change_roster(current_user, team))
    return _sign_up(team)


@bp.route("/events/<int:event_id>/attendees/new", methods=["GET", "POST"])
@login_required
def sign_up_attendee(event_id: int):
    """Signing up a person on the spot at an event: they are marked as attended."""
    event = event_or_404(event_id)
    policy.require(policy.can_change_attendance(current_user, event))
    return _sign_up(event.team, event)


@bp.get("/communes/<code>/learners")
@login_required
def commune_learners(code: str):
    """Everyone registered in the commune, for its officer (find a person, whatever their team)."""
    policy.require(policy.sees_learners(current_user))
    policy.visible_or_404(code, policy.can_see_commune(current_user, code))
    policy.require(policy.can_manage_teams_of(current_user, code))
    query = request.args.get("q", "")[:80]
    learners = queries.commune_learners(current_user, code, query)
    return render_template("roster/commune_learners.html", code=code, query=query,
                           learners=learners, summaries=queries.learner_summaries(
                               [learner.id for learner in learners]))


@bp.route("/teams/<int:team_id>/learners/add", methods=["GET", "POST"])
@login_required
def add(team_id: int):
    team = team_or_404(team_id)
    policy.require(policy.can_change_roster(current_user, team))
    form = AddLearnerForm()
    if form.validate_on_submit():
        try:
            throttle.count_lookup(current_user)  # (refused look-ups count too)
            learner = services.add_to_roster(current_user, team, form.phone.data,
                                             form.birth_year.data)
        except Refusal as error:
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s is now on the team's list.", name=learner.full_name))
            return redirect(url_for("roster.learner", learner_id=learner.id))
    return render_form("roster/add_learner.html", form, team=team)


@bp.get("/learners/<int:learner_id>")
@login_required
def learner(learner_id: int):
    learner = learner_or_404(learner_id)
    catalogue = current_catalogue()
    team = db.session.get(DigitalTeam, learner.team_id) if learner.team_id else None
    if policy.can_tutor(current_user, learner):
        remember(learner)
    states = learner_states(learner, catalogue)
    following = continue_with(states) or next(
        ((s.course, s.next_lesson) for s in states.values() if s.next_lesson), None)
    return render_template(
        "roster/learner.html", learner=learner, team=team, courses=catalogue.courses,
        states=states, following=following, attempts=queries.latest_attempts(learner),
        events=attended_events(learner), claim=claim_of(learner),
        tutors=policy.can_tutor(current_user, learner),
        edits=policy.can_edit_learner(current_user, learner),
        issues_code=policy.can_issue_claim_code(current_user, learner),
        issues_reset_code=policy.can_issue_reset_code(current_user, learner),
        removes=team is not None and policy.can_remove_from_roster(current_user, team),
        deletes=policy.can_delete_learner(current_user, learner))


@bp.route("/learners/<int:learner_id>/edit", methods=["GET", "POST"])
@login_required
def edit(learner_id: int):
    learner = learner_or_404(learner_id)
    policy.require(policy.can_edit_learner(current_user, learner))
    form = LearnerForm(obj=learner)
    if request.method == "GET":
        form.gender.data = learner.gender or ""
    if form.validate_on_submit():
        services.correct_learner(current_user, learner, full_name=form.full_name.data,
                                 birth_year=form.birth_year.data, gender=form.gender.data)
        db.session.commit()
        flash(_("The details are saved."))
        return redirect(url_for("roster.learner", learner_id=learner.id))
    return render_form("roster/edit_learner.html", form, learner=learner)


@bp.post("/learners/<int:learner_id>/claim-code")
@login_required
def claim_code(learner_id: int):
    learner = learner_or_404(learner_id)
    policy.require(policy.can_issue_claim_code(current_user, learner))
    code = issue_claim_code(current_user, learner)
    db.session.commit()
    return render_template("roster/claim_code.html", person=learner, code=code)


@bp.route("/learners/<int:learner_id>/remove", methods=["GET", "POST"])
@login_required
def remove(learner_id: int):
    learner = learner_or_404(learner_id)
    team = db.session.get(DigitalTeam, learner.team_id) if learner.team_id else None
    policy.require(team is not None and policy.can_remove_from_roster(current_user, team))

    def act():
        services.remove_from_roster(current_user, learner)
        db.session.commit()
        flash(_("%(name)s is no longer on the team's list.", name=learner.full_name))
        return redirect(url_for("roster.roster", team_id=team.id))

    return confirm_then(act, Confirmation(
        title=_("Take %(name)s off the team's list?", name=learner.full_name),
        explanation=_("They keep their account and their progress; the team no longer follows "
                      "them. They can be added to the list again later."),
        statement=_("Take this person off the list"), button=_("Take off the list"),
        back=url_for("roster.learner", learner_id=learner.id)))
