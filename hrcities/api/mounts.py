"""`mount()`: the Starlette `Mount` the API is served under, here and in `serve.py`.

Imports only Starlette, so that `serve.py` can mount the API at start-up and build it (pandas,
SQLAlchemy) on its first request.
"""

import re

from starlette.routing import Mount


def mount(path: str, app) -> Mount:
    """`Mount(path, app=app)` whose path also matches a percent-encoded newline (`%0A`), so that such
    a path reaches `app` (and gets the API's JSON 404) rather than the server's plain-text 404:
    Starlette's `.*` stops at a newline."""
    mounted = Mount(path, app=app)
    mounted.path_regex = re.compile(mounted.path_regex.pattern, re.DOTALL)
    return mounted
