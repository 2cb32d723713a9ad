"""The WSGI entry point for a production server: ``gunicorn learning.wsgi:app`` (gunicorn.conf.py).

It refuses to serve, with a message that says what to do, when the configuration is unsafe (no
SECRET_KEY in production), the database cannot be reached, its schema is not migrated, or the
course catalogue is not recorded in it (learning/serving/production.py)."""

from learning import create_app
from learning.serving.production import check_ready

app = create_app()
check_ready(app)
