"""Entry point for gunicorn: `gunicorn wsgi:app`. Configuration comes from the environment."""
from wattelt import create_app

app = create_app()
