"""The name checks both Whoosh modules of the room make before taking a fast path.

What can go wrong: nothing raises; a missing name is reported (once per
fast path, through ``internals.fallback`` or the ``report`` a test passes).
"""

from . import fallback, has


def path(what, ok, why, report=fallback):
    """``ok``; when False, ``report(what, why)`` first (for ``choose_paths`` at import)."""
    if not ok:
        report(what, why)
    return ok


def can(what, owner, *names):
    """True when ``owner`` has every one of ``names``; otherwise the fast path ``what`` falls back (logged once).

    For the attributes Whoosh sets on its objects, not its classes, so they
    are only seen when the objects are.
    """
    if has(owner, *names):
        return True
    missing = ", ".join(name for name in names if not hasattr(owner, name))
    fallback(what, f"{type(owner).__name__} has no {missing}")
    return False
