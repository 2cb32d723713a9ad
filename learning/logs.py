"""Logging, configured once: every module logs through ``logging.getLogger(__name__)``; records go
to standard output (where gunicorn, systemd or a container collects them). Unhandled exceptions
reach the log with their traceback through Flask, and the visitor gets a plain 500 page."""

import logging.config
import os

from flask import Flask


def configure_logging(app: Flask) -> None:
    level = (app.config.get("LOG_LEVEL") or os.environ.get("LOG_LEVEL", "INFO")).upper()
    logging.config.dictConfig({
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"stdout": {"class": "logging.StreamHandler",
                                "stream": "ext://sys.stdout", "formatter": "plain"}},
        "loggers": {"learning": {"level": level, "handlers": ["stdout"], "propagate": True}},
    })
