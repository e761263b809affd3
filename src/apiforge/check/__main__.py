"""`python -m tools.apiforge_check`: the command generated projects run."""

from .command import app

app()
