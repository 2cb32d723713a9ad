"""Passwords: Argon2id hashes with OWASP's parameters (argon2-cffi), older werkzeug hashes
(scrypt, pbkdf2) still checked and replaced at the next sign-in, and the rule a new password
must follow (long enough, not one of the most used passwords, not a sequence, not the phone).

Hashing and checking are slow on purpose: call them while no database transaction is open.
They run on a few threads of their own in each server process (``PASSWORD_HASH_THREADS``) at the
CPU priority ``PASSWORD_HASH_PRIORITY``: "idle" (the default: Linux's SCHED_IDLE, the processor
time no other thread wants; nice 19 where that policy is missing), "low" (nice 10) or "normal".
When the machine is busy, people signing in wait a little longer, and learners answering quizzes
do not (issue 9: a team signing people in at a "digital Saturday" must not slow the whole site).
A little, not without end: a hash still waiting after ``PASSWORD_HASH_WAIT_SECONDS`` (2 s) is
done on threads at nice 10, which always get some processor time (under a full quiz load,
idle-priority hashes alone kept some people signing in waiting 3–8 s).
Measured with bench/load.py on 2 cores: nice 10 left hashing a quarter of the processors, taken
from the gaps in which a request thread was about to run again; SCHED_IDLE threads are preempted
as soon as another thread wakes."""

import functools
import os
import re
import string
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as StillWaiting
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
_pools: dict[tuple[int, int, str], ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


PRIORITIES = ("idle", "low", "normal")


def _lower_priority(priority: str) -> None:
    """Lower the CPU priority of this thread alone (Linux: policy and nice value are per
    thread); where that is not allowed, hashing runs at the usual priority."""
    if priority == "idle" and hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # 0: this thread
            return
        except OSError:
            pass
    nice = {"idle": 19, "low": 10}.get(priority, 0)
    if nice and hasattr(os, "setpriority"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
        except OSError:
            pass


def _pool(threads: int, priority: str) -> ThreadPoolExecutor:
    """This process's hashing threads at one priority, made in the process that uses them (never
    inherited across gunicorn's fork); they bound how many hashes (19 MiB of memory each) run at
    once."""
    key = (os.getpid(), threads, priority)
    pool = _pools.get(key)
    if pool is None:
        with _pools_lock:
            pool = _pools.get(key)
            if pool is None:
                pool = _pools[key] = ThreadPoolExecutor(
                    max_workers=threads, thread_name_prefix=f"password-hash-{priority}",
                    initializer=_lower_priority, initargs=(priority,))
    return pool


def _on_hashing_thread(work: Callable[..., T], *args) -> T:
    """Run ``work`` on this process's hashing threads and wait for its result. An idle-priority
    hash not done after PASSWORD_HASH_WAIT_SECONDS (the machine has had no time to spare) is
    done again on threads of low priority (nice 10), which always get some processor time."""
    config = current_app.config
    threads, priority = config.get("PASSWORD_HASH_THREADS", 1), \
        config.get("PASSWORD_HASH_PRIORITY", "idle")
    future = _pool(threads, priority).submit(work, *args)
    if priority != "idle":
        return future.result()
    try:
        return future.result(timeout=config.get("PASSWORD_HASH_WAIT_SECONDS", 2.0))
    except StillWaiting:
        future.cancel()  # not begun yet: it never will; begun: its result is not needed
        return _pool(threads, "low").submit(work, *args).result()


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
