"""Sessions of the community digital teams are counted per team and day. The events package,
which lies above counting, calls ``count_session`` from its ORM listeners on ``TeamEvent``
(``learning.events.counted``, installed by ``create_app``)."""

from datetime import date

from sqlalchemy import Connection, select

from learning.counting.cells import Deltas, Person
from learning.counting.counters import apply_deltas
from learning.counting.definitions import team_value
from learning.teams.models import DigitalTeam


def count_session(connection: Connection, team_id: int, held_on: date, n: int) -> None:
    commune = connection.scalar(select(DigitalTeam.commune_code).where(DigitalTeam.id == team_id))
    if commune is None:
        return
    deltas = Deltas()
    deltas.add_dated("sessions", Person(commune, team=team_value(team_id)), held_on, n)
    apply_deltas(connection, deltas)
