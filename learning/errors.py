"""Translated error pages (HTML) and JSON errors for the API. A bug is a 500: Flask logs it with
its traceback before this page is shown; no handler here turns an error into another answer."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from learning.extensions import db


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _("This form has expired. Please go back, reload the page and try again.")
        if wants_json():
            return jsonify(error="csrf", message=message), 400
        return render_template("errors/error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            400: _("The request could not be understood."),
            403: _("You do not have access to this page."),
            404: _("This page does not exist. It may have been moved."),
            405: _("This address does not accept this kind of request."),
            413: _("What was sent is too large."),
        }
        code = error.code or 500
        message = messages.get(code, _("Something went wrong."))
        if wants_json():
            return jsonify(error=error.name.lower().replace(" ", "_"), message=message), code
        return render_template("errors/error.html", code=code, message=message), code

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        message = _("Sorry, something went wrong on our side. Please try again in a moment.")
        if wants_json():
            return jsonify(error="server_error", message=message), 500
        return render_template("errors/error.html", code=500, message=message), 500
