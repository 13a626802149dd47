"""The bare Flask app that bench_throughput compares the household page with: the ceiling of
Flask under the same gunicorn settings on the same machine in the same run."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello"
