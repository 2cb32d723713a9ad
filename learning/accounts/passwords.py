"""Passwords: Argon2id hashes with OWASP's parameters (argon2-cffi), older werkzeug hashes
(scrypt, pbkdf2) still checked and replaced at the next sign-in, and the rule a new password
must follow (long enough, not one of the most used passwords, not a sequence, not the phone).

Hashing and checking are slow on purpose: call them while no database transaction is open.
They take turns in one lane for the whole machine (``_in_lane``: every worker of the server), on
a thread of their own in each server process at the CPU priority ``PASSWORD_HASH_PRIORITY``
("low", the default: nice 10, or "normal"), and after each hash the lane rests so that hashing
takes at most ``PASSWORD_HASH_SHARE`` of one processor (a third by default). When many people
sign in at once they wait a little longer, and learners answering quizzes do not (issue 9: a
team signing people in at a "digital Saturday" must not slow the whole site). A person signing
in alone does not wait: the rest comes after a hash, and is over before the next one starts.
Measured with bench/load.py on 2 cores (6 people signing in again and again beside 8 learners
answering quizzes, PostgreSQL): with a hashing thread per worker at Linux's SCHED_IDLE, the
quiz answers lost 31-38 %: a memory-hard hash (19 MiB) run in the gaps still slowed the
requests around it, and took 20 sign-ins a second. One lane resting twice as long as each hash
took, at nice 10: 12-16 %.
"""

import fcntl
import functools
import hashlib
import os
import re
import string
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from werkzeug.security import check_password_hash

from learning.accounts.phone import normalize_phone

MIN_LENGTH, MAX_LENGTH = 8, 128
# OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB of memory, 2 iterations, 1 lane.
OWASP_MEMORY_KIB, OWASP_TIME_COST, OWASP_PARALLELISM = 19 * 1024, 2, 1
COMMON = frozenset(
    line.strip() for line in
    (Path(__file__).with_name("common_passwords.txt")).read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#"))
ROWS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm",
        "1qaz2wsx3edc", "qazwsxedc")


@functools.cache
def _hasher(memory_kib: int, time_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism,
                          hash_len=32, salt_len=16, type=Type.ID)


def hasher() -> PasswordHasher:
    """The hasher with this site's cost (config ARGON2_*: tests lower it)."""
    config = current_app.config
    return _hasher(config.get("ARGON2_MEMORY_KIB", OWASP_MEMORY_KIB),
                   config.get("ARGON2_TIME_COST", OWASP_TIME_COST),
                   config.get("ARGON2_PARALLELISM", OWASP_PARALLELISM))


T = TypeVar("T")
_pools: dict[tuple[int, str], ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()
LONGEST_REST = 1.0  # seconds: a lane file written before the machine restarted stops no sign-in


def _lower_priority(priority: str) -> None:
    """Lower the CPU priority of this thread alone (Linux: the nice value is per thread); where
    that is not allowed, hashing runs at the usual priority."""
    if priority == "low" and hasattr(os, "setpriority"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except OSError:
            pass


def _pool(priority: str) -> ThreadPoolExecutor:
    """This process's hashing thread, made in the process that uses it (never inherited across
    gunicorn's fork): one, since the lane lets one hash run at a time anyway."""
    key = (os.getpid(), priority)
    pool = _pools.get(key)
    if pool is None:
        with _pools_lock:
            pool = _pools.get(key)
            if pool is None:
                pool = _pools[key] = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix=f"password-hash-{priority}",
                    initializer=_lower_priority, initargs=(priority,))
    return pool


def lane_path(instance_path: str) -> Path:
    """The lane's file, shared by every process of the site on this machine (gunicorn's workers
    share the temporary folder and the instance folder's name)."""
    site = hashlib.sha256(os.path.abspath(instance_path).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"learning-password-lane-{os.getuid()}-{site}.lock"


def _in_lane(path: Path, share: float, work: Callable[..., T], *args) -> T:
    """Run ``work`` when the lane is free and has rested, then leave it resting (``share``: the
    part of one processor hashing may take). The lane is a file locked by one process at a time
    (flock); it holds the moment its rest ends (CLOCK_MONOTONIC, the same for every process)."""
    with open(path, "a+b") as lane:
        fcntl.flock(lane, fcntl.LOCK_EX)  # released when the file is closed
        lane.seek(0)
        try:
            rest = float(lane.read() or 0) - time.monotonic()
        except ValueError:
            rest = 0
        if rest > 0:
            time.sleep(min(rest, LONGEST_REST))
        began = time.thread_time()
        result = work(*args)
        spent = time.thread_time() - began
        lane.seek(0)
        lane.truncate()
        lane.write(repr(time.monotonic() + spent * (1 / share - 1)).encode())
    return result


def _on_hashing_thread(work: Callable[..., T], *args) -> T:
    """Run ``work`` in the machine's hashing lane, on this process's hashing thread, and wait for
    its result."""
    config = current_app.config
    priority, share = config["PASSWORD_HASH_PRIORITY"], float(config["PASSWORD_HASH_SHARE"])
    return _pool(priority).submit(
        _in_lane, lane_path(current_app.instance_path), share, work, *args).result()


def hash_password(password: str) -> str:
    return _on_hashing_thread(hasher().hash, password)


@functools.cache
def _dummy_hash(memory_kib: int, time_cost: int, parallelism: int) -> str:
    return _hasher(memory_kib, time_cost, parallelism).hash("not a password of anyone")


def dummy_hash() -> str:
    """Checked against when the number is unknown: the same algorithm and cost as a real hash,
    so an unknown number takes as long as a wrong password."""
    hasher_now = hasher()
    return _dummy_hash(hasher_now.memory_cost, hasher_now.time_cost, hasher_now.parallelism)


def check_password(stored: str | None, password: str) -> tuple[bool, bool]:
    """(right, needs a new hash). ``stored`` None (unknown number, no password yet) does the
    same work against the dummy hash and answers (False, False)."""
    if stored is None or not stored.startswith("$argon2"):
        if stored is not None and ":" in stored.split("$", 1)[0]:  # werkzeug: scrypt, pbkdf2
            return _on_hashing_thread(check_password_hash, stored, password), True
        _verify(dummy_hash(), password)
        return False, False
    right = _verify(stored, password)
    return right, right and hasher().check_needs_rehash(stored)


def _verify(stored: str, password: str) -> bool:
    return _on_hashing_thread(_verify_with, hasher(), stored, password)


def _verify_with(checker: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return checker.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


# --- The rule for a new password ----------------------------------------------------------

def weakness(password: str, phone: str | None = None) -> str | None:
    """Why this new password is refused ("short", "common", "pattern", "phone"), or None."""
    if len(password) < MIN_LENGTH:
        return "short"
    plain = password.strip().lower()
    if plain in COMMON or plain.replace(" ", "") in COMMON:
        return "common"
    if _is_pattern(plain):
        return "pattern"
    digits, number = _digits(password), _digits(normalize_phone(phone or "") or phone or "")
    if number and len(digits) >= 6 and not any(ch.isalpha() for ch in password) \
            and (digits in number or digits in "0" + number[-9:]):
        return "phone"
    return None


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _is_pattern(plain: str) -> bool:
    """Blank, one character repeated, a short group repeated (abab, 123123), or a run of a
    keyboard row or of the alphabet or digits, forwards or backwards."""
    squeezed = "".join(ch for ch in plain if ch not in string.whitespace)
    if len(set(squeezed)) <= 1:
        return True
    if re.fullmatch(r"(.{1,4})\1+", squeezed):
        return True
    return any(squeezed in row or squeezed in row[::-1] for row in ROWS)
