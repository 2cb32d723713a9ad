"""Slowing down guesses of claim codes, counted on the server (learning/accounts/throttle.py):
per network address, and per code (a code tried too often, from anywhere, waits longer and
longer). A fresh cookie changes nothing."""

from learning.accounts import throttle
from learning.claims.services import normal_code


def _keys(code: str, address: str) -> list[tuple[throttle.Limit, str]]:
    return [(throttle.CLAIM_ADDRESS, throttle.keyed(address)),
            (throttle.CLAIM_CODE, throttle.keyed("claim:" + normal_code(code)))]


def take(code: str, address: str) -> int:
    """Count one try; 0 when allowed, else the seconds to wait."""
    throttle.forget_old()
    for limit, key in _keys(code, address):
        if wait := throttle.take(limit, key):
            return wait
    return 0


def forgive(code: str, address: str) -> None:
    """The code was right: its tries are given back."""
    for limit, key in _keys(code, address):
        throttle.forgive(limit, key)
