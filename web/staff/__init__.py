"""The staff side: logging in, entering and reviewing items, bulk import, the audit trail, the write API.

Every rule (who may do what to which item, the review workflow, the audit
trail) lives in ``catalogue`` (``access``, ``workflow``, ``accounts``,
``sessions``, ``audit``); this package only turns requests into those calls
and their results into pages and JSON.

What can go wrong: see each module; errors are mapped to responses by the
app's one ``error_response``.
"""

from . import api, auditpage, hotpage, importpage, items, latepage, login, synonymspage


def add_routes(app):
    """Add every staff route to ``app``."""
    login.add_routes(app)
    api.add_routes(app)
    auditpage.add_routes(app)
    importpage.add_routes(app)
    latepage.add_routes(app)
    hotpage.add_routes(app)
    synonymspage.add_routes(app)
    items.add_routes(app)
