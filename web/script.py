"""The catalogue's own values in the interface's script: Traditional for zh-Hant, as stored otherwise.

Body names, topics, genres, validity and disclosure are the catalogue's
controlled values, stored in Simplified characters; the Traditional
interface shows them converted with OpenCC's s2t (characters and phrases,
no change of vocabulary, so 信息 stays 信息 as in mainland Traditional
usage). Only the shown text converts: links and filter values keep the
stored value, which is what the search matches. An item's own title, text
and document number are never passed through here.

The converter is built once, on first use, under a lock (OpenCC reads its
dictionaries lazily and is not safe to initialise from two threads); each
value's conversion is cached, since pages show the same few hundred names.

What can go wrong: nothing at run time; an OpenCC install without its s2t
configuration fails on the first Traditional page.
"""

import functools
import threading

import opencc

TRADITIONAL = "zh-Hant"
_lock = threading.Lock()
_converter = []


def _s2t():
    if not _converter:
        with _lock:
            if not _converter:
                converter = opencc.OpenCC("s2t")
                converter.convert("一")     # reads the dictionaries now, inside the lock
                _converter.append(converter)
    return _converter[0]


@functools.lru_cache(maxsize=8192)
def to_traditional(text):
    """``text`` in Traditional characters (OpenCC s2t)."""
    return _s2t().convert(text)


def in_script(lang, value):
    """A controlled value as the interface ``lang`` shows it; not text (a year) as text."""
    if value is None:
        return ""
    value = str(value)
    return to_traditional(value) if lang == TRADITIONAL else value
