"""Sessions and events of a team: date, place, courses covered, and who attended (people of the
team's list; signing up on the spot is the roster's, learning/roster/views.py). Thin: find the
record through the policy, call a service, commit once."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from learning.access import policy
from learning.catalog.records import current_catalogue, record_ids
from learning.events import queries, services
from learning.events.forms import AttendeesForm, EventForm
from learning.events.lookup import attendee_or_404, event_or_404
from learning.extensions import db
from learning.teams.lookup import team_or_404
from learning.web.pages import Confirmation, confirm_then, delete_or_refuse, render_form

bp = Blueprint("events", __name__)


def _course_choices(form: EventForm) -> None:
    locale = str(get_locale())
    form.courses.choices = [SelectChoice(c.id, c.title(locale))
                            for c in current_catalogue().courses]


@bp.get("/teams/<int:team_id>/events")
@login_required
def events(team_id: int):
    team = team_or_404(team_id)
    return render_template("events/list.html", team=team,
                           events=queries.events_of(current_user, team),
                           creates=policy.can_change_roster(current_user, team))


@bp.route("/teams/<int:team_id>/events/new", methods=["GET", "POST"])
@login_required
def new(team_id: int):
    team = team_or_404(team_id)
    policy.require(policy.can_change_roster(current_user, team))
    form = EventForm()
    _course_choices(form)
    form.ensure_form_id()
    if form.validate_on_submit():
        event = services.create_event(current_user, team, held_on=form.held_on.data,
                                      place=form.place.data, title=form.title.data,
                                      course_slugs=form.courses.data, form_id=form.form_id.data)
        db.session.commit()
        flash(_("The event is saved. Mark who came."))
        return redirect(url_for("events.event", event_id=event.id))
    return render_form("events/form.html", form, team=team)


def _render_event(event, form=None, status=200):
    attendees = queries.attendees_of(current_user, event)
    present = {learner.id for learner in attendees}
    changes = policy.can_change_attendance(current_user, event)
    form = form or AttendeesForm(formdata=None)
    if changes:
        form.learners.choices = [SelectChoice(learner.id, learner.full_name) for learner in
                                 queries.team_learners(current_user, event.team)
                                 if learner.id not in present]
    return render_template(
        "events/event.html", event=event, attendees=attendees, form=form, changes=changes,
        catalogue=current_catalogue(),
        edits=policy.can_edit_event(current_user, event),
        tutors=policy.can_record_at_event(current_user, event),
        recent=event in queries.recent_events(event.team)), status


@bp.get("/events/<int:event_id>")
@login_required
def event(event_id: int):
    return _render_event(event_or_404(event_id))


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    event = event_or_404(event_id)
    policy.require(policy.can_edit_event(current_user, event))
    form = EventForm(obj=event)
    _course_choices(form)
    if request.method == "GET":
        slug_of = {record_id: slug for slug, record_id in record_ids().courses.items()}
        form.courses.data = [slug_of[c.id] for c in event.courses if c.id in slug_of]
    if form.validate_on_submit():
        services.update_event(current_user, event, held_on=form.held_on.data,
                              place=form.place.data, title=form.title.data,
                              course_slugs=form.courses.data)
        db.session.commit()
        flash(_("The event is saved."))
        return redirect(url_for("events.event", event_id=event.id))
    return render_form("events/form.html", form, team=event.team, event=event)


@bp.route("/events/<int:event_id>/delete", methods=["GET", "POST"])
@login_required
def delete(event_id: int):
    event = event_or_404(event_id)
    policy.require(policy.can_edit_event(current_user, event))

    def act():
        return delete_or_refuse(lambda: services.delete_event(current_user, event),
                                done=_("The event is deleted."),
                                then=url_for("events.events", team_id=event.team_id),
                                refused=url_for("events.event", event_id=event.id))

    return confirm_then(act, Confirmation(
        title=_("Delete the event “%(title)s”?", title=event.title),
        explanation=_("Only an event created by mistake can be deleted: one where no progress "
                      "was recorded. Who attended it is deleted with it."),
        statement=_("Delete this event"), button=_("Delete the event"),
        back=url_for("events.event", event_id=event.id)))


@bp.post("/events/<int:event_id>/attendees")
@login_required
def add_attendees(event_id: int):
    event = event_or_404(event_id)
    policy.require(policy.can_change_attendance(current_user, event))
    wanted = set(request.form.getlist("learners", type=int))
    learners = [learner for learner in queries.team_learners(current_user, event.team)
                if learner.id in wanted]
    if not learners:
        form = AttendeesForm(formdata=None)
        form.learners.errors = [_("Tick the people who came.")]
        return _render_event(event, form, 422)
    added = services.mark_attended(current_user, event, learners)
    db.session.commit()
    flash(ngettext("%(num)d person marked as attended.", "%(num)d people marked as attended.",
                   added))
    return redirect(url_for("events.event", event_id=event.id))


@bp.route("/events/<int:event_id>/attendees/<int:learner_id>/remove", methods=["GET", "POST"])
@login_required
def remove_attendee(event_id: int, learner_id: int):
    """A page asks first (a tap on "Remove" next to the wrong name should not act at once)."""
    event = event_or_404(event_id)
    policy.require(policy.can_change_attendance(current_user, event))
    learner = attendee_or_404(event, learner_id)

    def act():
        services.remove_attendance(current_user, event, learner)
        db.session.commit()
        flash(_("%(name)s is no longer marked as attended.", name=learner.full_name))
        return redirect(url_for("events.event", event_id=event.id))

    return confirm_then(act, Confirmation(
        title=_("Remove %(name)s from the people who attended “%(title)s”?",
                name=learner.full_name, title=event.title),
        explanation=_("Lessons they completed at the event stay recorded; only their presence "
                      "at the event is removed."),
        statement=_("Remove this person from the attendance"), button=_("Remove"),
        back=url_for("events.event", event_id=event.id)))
