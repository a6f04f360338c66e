"""The one room for code that depends on Whoosh's and jieba's private names.

Whoosh-Reloaded and jieba give no public way to do some of what the index
needs fast (write postings blocks in bulk, read a posting list without a
matcher per term, route a sentence through jieba's dictionary in one loop),
so the modules of this package reach into their internals. Nothing outside
this package may use a private name of either library.

Each module here checks, when it is imported, that the library is a version
it was written for (``check_version``) and that every private name it uses
is there (``has``). When one is missing it does not fail: it takes the
library's public (slower) path and says so once in the log (``fallback``),
and ``fallbacks()`` lists what fell back, so a test can assert that the
fast paths are really taken.

What can go wrong: nothing raises here; a library of another version, or
one without a name, logs a warning and uses the slow path.
"""

import logging
import threading

import jieba
import whoosh

log = logging.getLogger(__name__)

# The releases the private-name code was written and tested against.
WHOOSH_VERSIONS = ((2, 7),)     # whoosh-reloaded 2.7.x
JIEBA_VERSIONS = ((0, 42),)     # jieba 0.42.x

_lock = threading.Lock()
_fallbacks = {}


def _release(version):
    parts = []
    for piece in str(version).split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def whoosh_release():
    """(major, minor) of the installed Whoosh."""
    return tuple(whoosh.__version__[:2])


def jieba_release():
    """(major, minor) of the installed jieba."""
    return _release(jieba.__version__)


def check_version(library, release, supported):
    """True when ``release`` is one of ``supported``; otherwise log once and return False."""
    if release in supported:
        return True
    fallback(f"{library} {'.'.join(map(str, release))}",
             f"written for {library} {', '.join('.'.join(map(str, s)) + '.x' for s in supported)}; "
             "private names are checked one by one")
    return False


def has(owner, *names):
    """True when ``owner`` (a module or class) has every attribute of ``names``."""
    return all(hasattr(owner, name) for name in names)


def fallback(what, why):
    """Record (and log once per ``what``) that a fast path is not taken."""
    with _lock:
        if what in _fallbacks:
            return
        _fallbacks[what] = why
    log.warning("index: %s: %s; using the library's own slower path", what, why)


def fallbacks():
    """``{what: why}`` for every fast path that is not taken in this process."""
    with _lock:
        return dict(_fallbacks)


WHOOSH_OK = check_version("whoosh", whoosh_release(), WHOOSH_VERSIONS)
JIEBA_OK = check_version("jieba", jieba_release(), JIEBA_VERSIONS)
