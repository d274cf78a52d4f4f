"""``python -m nesslab``: the ``nesslab`` command line."""

from nesslab.cli import app

app(prog_name="nesslab")
