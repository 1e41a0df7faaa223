"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from config import config_from_env
from examapp import create_app

app = create_app(config_from_env())
