"""A helper for the tests of the room's Whoosh modules: a fast path forced off as if Whoosh lacked a name."""

from contextlib import contextmanager

import pytest


@contextmanager
def without(module, owner, name):
    """Inside, ``module`` (a room module) takes the paths it chooses when ``owner`` has no ``name``.

    Yields what it reported (``{what: why}``). The name itself is put back
    at once, as Whoosh's own code needs it; on leaving, the module chooses
    its paths again.
    """
    reported = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.delattr(owner, name)
        module.choose_paths(report=reported.__setitem__)
    try:
        yield reported
    finally:
        module.choose_paths()
