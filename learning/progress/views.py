"""The learner's dashboard (where signing in leads), with their invitations to tutor."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from learning.catalog.records import current_catalogue
from learning.progress.queries import continue_with, learner_states
from learning.vocabulary import Audience, Role

bp = Blueprint("progress", __name__)

# The courses a staff member's dashboard suggests: their track.
STAFF_TRACKS = {
    Role.TUTOR: Audience.TEAMS,
    Role.TEAM_LEAD: Audience.TEAMS,
    Role.COMMUNE_OFFICER: Audience.OFFICIALS,
    Role.PROVINCE_STAFF: Audience.OFFICIALS,
    Role.ADMIN: Audience.OFFICIALS,
}


@bp.get("/dashboard")
@login_required
def dashboard():
    catalogue = current_catalogue()
    states = learner_states(current_user, catalogue)
    track = STAFF_TRACKS.get(current_user.role)
    return render_template("progress/dashboard.html", states=states, courses=catalogue.courses,
                           resume=continue_with(states), track_heading=Audience.label_of(track),
                           track=catalogue.for_audience(track) if track else ())
