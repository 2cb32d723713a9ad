"""Counting: the statistics counters kept exact as data is written (the write side of the
statistics; ``learning.reporting`` reads them).

It lies below ``progress``: the progress service calls ``services.lock_learner`` and
``services.count_attempt`` in its own transaction, and hands counting the way to read raw
progress records (``facts.ProgressRecords``) through ``register``, called once by ``create_app``,
which also installs the ORM listeners that move a person's counts with their account
(``people``) and catch statements that change many accounts at once (``bulk``). The teams'
sessions are counted by listeners of the events package (``learning.events.counted``) that call
``sessions.count_session``.
"""

from learning.counting.facts import ProgressRecords

_records: list[ProgressRecords] = []


def register(progress_records: ProgressRecords) -> None:
    """Install the listeners and remember how to read raw progress (idempotent)."""
    from learning.counting import bulk, people

    _records[:] = [progress_records]
    for module in (people, bulk):
        module.listen()


def records() -> ProgressRecords:
    if not _records:
        raise RuntimeError("learning.counting.register() was not called (create_app does it)")
    return _records[0]
