"""Slowing down guesses of claim codes: the wrong codes sent from this browser lately (kept in
the session)."""

import time

from flask import session

MAX_TRIES, PAUSE_SECONDS = 8, 15 * 60
KEY = "claim_tries"


def too_many() -> bool:
    tries = [t for t in session.get(KEY, []) if t > time.time() - PAUSE_SECONDS]
    session[KEY] = tries
    return len(tries) >= MAX_TRIES


def count_one() -> None:
    session[KEY] = [*session.get(KEY, []), time.time()]


def forget() -> None:
    session.pop(KEY, None)
