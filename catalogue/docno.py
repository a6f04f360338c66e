"""Doc numbers (发文字号): parse any bracket style into one canonical form.

``黑政办发〔2011〕43号``, ``黑政办发[2011]43号``, ``黑政办发(2011)43号``, the
full-width brackets and digits, and the same without ``号`` all come out as
``黑政办发〔2011〕43号``. A doc number that does not follow the
prefix-year-number pattern is kept as given (provinces differ), so parsing
never loses what was typed.
"""

import re
import unicodedata
from typing import NamedTuple, Optional

# Brackets people use around the year: 〔〕 is the standard (GB/T 9704),
# the rest are what typists reach for.
_OPEN = "〔[(（【［{｛<〈《"
_CLOSE = "〕])）】］}｝>〉》"

_PATTERN = re.compile(
    r"^(?P<prefix>[^\d\s" + re.escape(_OPEN) + r"]*?)\s*"
    r"[" + re.escape(_OPEN) + r"]\s*(?P<year>\d{4})\s*[" + re.escape(_CLOSE) + r"]"
    r"\s*(?:第\s*)?(?P<number>\d+)?\s*(?P<hao>[号號])?\s*$"
)
# Some offices omit the brackets entirely: 黑政办发2011年43号 / 黑政办发2011 43号.
_BARE = re.compile(
    r"^(?P<prefix>[^\d\s]+?)\s*(?P<year>(?:19|20)\d{2})\s*年?\s*(?:第\s*)?(?P<number>\d+)\s*(?P<hao>[号號])\s*$"
)


class DocNo(NamedTuple):
    prefix: str
    year: int
    number: Optional[int]

    @property
    def canonical(self):
        """The standard spelling; without a number it is a prefix-year stem."""
        stem = f"{self.prefix}〔{self.year}〕"
        return stem if self.number is None else f"{stem}{self.number}号"


def _fold(text):
    # NFKC turns full-width digits and ASCII-like brackets half-width; it leaves
    # 〔〕 and 【】 alone, which the patterns accept anyway.
    return unicodedata.normalize("NFKC", text).strip()


def parse(text, *, allow_stem=False):
    """Parse a doc number; ``None`` when it does not follow the pattern.

    With ``allow_stem`` a prefix and year without a number
    (``黑政办发〔2012〕``) also parse, as a search for that series.
    """
    if not text:
        return None
    folded = _fold(text)
    m = _PATTERN.match(folded) or _BARE.match(folded)
    if not m or not m.group("prefix"):
        return None
    number = m.group("number")
    if number is None and not allow_stem:
        return None
    if number is None and m.group("hao"):
        return None
    return DocNo(m.group("prefix").strip(), int(m.group("year")),
                 None if number is None else int(number))


def canonical(text):
    """The canonical spelling of ``text``, or ``text`` stripped when it does not parse."""
    if text is None:
        return None
    parsed = parse(text)
    return parsed.canonical if parsed else _fold(text)
