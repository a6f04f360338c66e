"""Doc numbers (发文字号): parse any bracket style into one canonical form.

``黑政办发〔2011〕43号``, ``黑政办发[2011]43号``, ``黑政办发(2011)43号``, the
full-width brackets and digits, and the same without ``号`` all come out as
``黑政办发〔2011〕43号``. A doc number that does not follow the
prefix-year-number pattern is kept as given (provinces differ), so parsing
never loses what was typed.

``parts`` and ``fragment`` split a doc number into what people search it by:
the series (``黑政办发``), the year and the number. ``parts`` reads a stored
doc number, also one without a year (``国务院令第492号``); ``fragment`` reads
what someone typed, which may be a piece of one: ``黑政办发43号`` (series and
number), ``43号`` (number), ``2011〕43`` (year and number).
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

# A series and a number without the year: 国务院令第492号, 黑政办发43号.
_YEARLESS = re.compile(r"^(?P<prefix>[^\d\s]+?)\s*(?:第\s*)?(?P<number>\d+)\s*(?P<hao>[号號])?\s*$")
# A number alone, as people quote it: 43号, 第43号.
_NUMBER = re.compile(r"^(?:第\s*)?(?P<number>\d+)\s*[号號]$")
# A year and a number without the series: 2011〕43, 〔2011〕43号, [2011]第43号.
_YEAR_NUMBER = re.compile(
    r"^[" + re.escape(_OPEN) + r"]?\s*(?P<year>\d{4})\s*[" + re.escape(_CLOSE) + r"]"
    r"\s*(?:第\s*)?(?P<number>\d+)\s*[号號]?$"
)


class Parts(NamedTuple):
    """What a doc number is searched by; ``None`` for a part it does not have."""
    prefix: Optional[str]
    year: Optional[int]
    number: Optional[int]


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


def parts(text):
    """The series, year and number of a stored doc number, or ``None`` when it has no number.

    ``黑政办发〔2011〕43号`` -> ``Parts("黑政办发", 2011, 43)``;
    ``国务院令第492号`` -> ``Parts("国务院令", None, 492)``.
    """
    if not text:
        return None
    parsed = parse(text)
    if parsed is not None:
        return Parts(*parsed)
    # Without 号 a trailing number is as likely part of a name as a sequence number.
    return _yearless(_fold(text), need_hao=True)


def fragment(text):
    """What a typed piece of a doc number names, or ``None`` when it is not one.

    Besides the whole number (``parse``): ``黑政办发43号`` or ``黑政办发第43号``
    (series and number), ``43号`` (number), ``2011〕43`` or ``〔2011〕43号``
    (year and number). A series alone (``黑政办发``) cannot be told from a
    word by its form; the index is asked instead.
    """
    if not text:
        return None
    parsed = parse(text)
    if parsed is not None:
        return Parts(*parsed)
    folded = _fold(text)
    m = _NUMBER.match(folded)
    if m:
        return Parts(None, None, int(m.group("number")))
    m = _YEAR_NUMBER.match(folded)
    if m:
        return Parts(None, int(m.group("year")), int(m.group("number")))
    return _yearless(folded, need_hao=False)


def _yearless(folded, need_hao):
    m = _YEARLESS.match(folded)
    if not m or (need_hao and not m.group("hao")):
        return None
    prefix = m.group("prefix").strip()
    if prefix in ("", "第"):
        return None
    return Parts(prefix, None, int(m.group("number")))
