"""Development tools of this project: not part of the service it serves."""
