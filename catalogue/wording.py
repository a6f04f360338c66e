"""Wording shared by messages: a number with its noun in the right form, a word of a shell command.

"1 item", "2 items", "1 body", "3 bodies": every summary and message that
counts something goes through ``counted`` so none says "1 items". Advice
that quotes a command line writes each word with ``shell_word``, so a path
with a space can be pasted into a shell while 目录.db stays readable.

What can go wrong: nothing; a noun whose plural is not regular takes
``plural=``.
"""

import re
import shlex

# Characters a POSIX shell treats specially; letters of any script are safe.
_SHELL_SAFE = re.compile(r"[^\s'\"\\$`!*?;&|<>(){}\[\]#~=%^]+")


def plural_of(noun):
    """The regular English plural: item → items, body → bodies, match → matches."""
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def counted(n, noun, plural=None):
    """``n`` and ``noun``, singular for exactly one: ``counted(1, "item")`` is "1 item"."""
    return f"{n} {noun if n == 1 else (plural or plural_of(noun))}"


def shell_word(text):
    """``text`` as one word of a shell command: as it is when safe, else in single quotes."""
    text = str(text)
    return text if _SHELL_SAFE.fullmatch(text) else shlex.quote(text)
