"""The search on other sites' pages: ``/widget.js``, the ``/embed`` page, CORS for the read API, ``/staff/embed``.

``routes`` serves the script and the framable page, ``cors`` lets other
sites' pages read the public JSON API (never the staff side), ``options``
is the one table of the widget's options, and ``web.staff.embed`` builds a
body's snippet for staff. The widget itself is ``web/static/widget.js``.

What can go wrong: ``ConfigError`` at start for a ``widget_origins`` entry
that is not an origin (``cors.allowed_origins``).
"""

from ..staff import embed as staff_embed
from . import cors, routes


def add_routes(app, page_policy):
    """Add the widget's routes and CORS hooks to ``app``; ``page_policy(frame_ancestors)``: ``web.app``'s CSP."""
    rules = cors.install(app)
    routes.add_routes(app, page_policy, rules.origins)
    staff_embed.add_routes(app)
