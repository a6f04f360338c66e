"""The working-day calendar of mainland China: weekends, public holidays and adjusted working days (调休).

One YAML file a year in ``data/holidays`` (``2012.yaml`` …), written from
the State Council's notice for that year: each holiday's days off (a date or
a range ``FIRST..LAST``) and the weekend days worked instead. A catalogue's
home may hold its own ``holidays/`` folder: a file there replaces the shipped
file of the same year (an admin adds next year's notice, or a province's
own extension, without touching the program).

A working day is a Monday to Friday that is not a day off, or a weekend day
listed as worked. ``working_days_between(start, end)`` counts the working
days after ``start`` up to and including ``end`` (publishing on the next
working day is 1), the reckoning Art. 26's "within 20 working days" needs.

What can go wrong: ``ConfigError`` naming the file and line for a file that
is not a year's calendar (a date in another year's file, a day both off and
worked, a weekday listed as worked, a range that ends before it starts, an
unknown key); ``UnknownCalendar`` when a date falls in a year with no file:
the calendar never guesses a year it was not given.
"""

import bisect
import datetime as _dt
import re
import threading
from pathlib import Path

import yaml

from .errors import ConfigError
from .paths import data_dir
from .yamlfile import compose_yaml

FOLDER = "holidays"
_YEAR_FILE = re.compile(r"^([0-9]{4})\.yaml$")
_KEYS = ("name", "off", "worked")


class UnknownCalendar(LookupError):
    """A date in a year the calendar has no file for; ``years`` lists them."""

    def __init__(self, years):
        self.years = tuple(sorted(set(years)))
        super().__init__("no working-day calendar for " + ", ".join(map(str, self.years))
                         + f" (add data/holidays/{self.years[0]}.yaml)")


class Calendar:
    """Days off and adjusted working days of the years in ``years``."""

    def __init__(self, years, off, worked, sources=None):
        self.years = frozenset(years)
        self.off = frozenset(off)
        self.worked = frozenset(worked)
        self.sources = dict(sources or {})   # year -> the file it came from

    def knows(self, year):
        return year in self.years

    def _require(self, *years):
        missing = [y for y in years if y not in self.years]
        if missing:
            raise UnknownCalendar(missing)

    def _index(self):
        """Working days counted from the first known year's 1 January: ``cum[i]`` up to day i."""
        if getattr(self, "_cum", None) is None:
            first = _dt.date(min(self.years), 1, 1) if self.years else _dt.date(1970, 1, 1)
            last = _dt.date(max(self.years), 12, 31) if self.years else first
            cum, total, day, one = [], 0, first, _dt.timedelta(days=1)
            while day <= last:
                total += self._working(day)
                cum.append(total)
                day += one
            self._first, self._cum = first.toordinal(), cum
        return self._first, self._cum

    def _working(self, day):
        if day in self.worked:
            return True
        return day.weekday() < 5 and day not in self.off

    def is_working_day(self, day):
        """True on a working day; ``UnknownCalendar`` for a year without a file."""
        self._require(day.year)
        return self._working(day)

    def working_days_between(self, start, end):
        """Working days after ``start`` up to and including ``end``; 0 when ``end`` is not after ``start``.

        Every year from ``start``'s to ``end``'s must be known
        (``UnknownCalendar`` otherwise), so a count is never a guess.
        """
        if end <= start:
            return 0
        self._require(*range(start.year, end.year + 1))
        first, cum = self._index()
        return cum[end.toordinal() - first] - cum[start.toordinal() - first]

    def add_working_days(self, start, n):
        """The ``n``-th working day after ``start`` (the last day to publish on time).

        ``UnknownCalendar`` when the count runs into a year without a file.
        """
        if n <= 0:
            return start
        self._require(start.year)
        first, cum = self._index()
        at = bisect.bisect_left(cum, cum[start.toordinal() - first] + n)
        if at >= len(cum):
            raise UnknownCalendar([max(self.years) + 1])
        day = _dt.date.fromordinal(first + at)
        self._require(*range(start.year, day.year + 1))
        return day


def _date(node, path, year):
    text = node.value if isinstance(node, yaml.ScalarNode) else None
    try:
        day = _dt.date.fromisoformat(text or "")
    except ValueError:
        raise _error(path, node, f"{text!r} is not a date (YYYY-MM-DD)") from None
    if day.year != year:
        raise _error(path, node, f"{day} is not in {year}: it belongs in {day.year}.yaml")
    return day


def _error(path, node, message):
    return ConfigError(f"{path}:{node.start_mark.line + 1}: {message}")


def _off_days(node, path, year):
    text = node.value if isinstance(node, yaml.ScalarNode) else None
    if text is None:
        raise _error(path, node, "off must be a date or a range FIRST..LAST")
    first, _, last = text.partition("..")
    a = _date(yaml.ScalarNode("tag:yaml.org,2002:str", first.strip(), node.start_mark), path, year)
    b = _date(yaml.ScalarNode("tag:yaml.org,2002:str", (last or first).strip(), node.start_mark),
              path, year)
    if b < a:
        raise _error(path, node, f"the range {text} ends before it starts")
    return [a + _dt.timedelta(days=i) for i in range((b - a).days + 1)]


def read_year(path):
    """``(year, {day: line}, {day: line})`` of one calendar file: its days off and days worked.

    What can go wrong: ``ConfigError`` naming the file and line (see the module).
    """
    path = Path(path)
    match = _YEAR_FILE.match(path.name)
    if not match:
        raise ConfigError(f"{path}: a calendar file is named after its year (2012.yaml)")
    year = int(match.group(1))
    root = compose_yaml(path)
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(f"{path}: must be a mapping with year and holidays")
    top = {k.value: v for k, v in root.value}
    if "year" not in top or top["year"].value != str(year):
        raise _error(path, top.get("year", root), f"year must be {year}, as the file name says")
    holidays = top.get("holidays")
    if not isinstance(holidays, yaml.SequenceNode):
        raise _error(path, holidays or root, "holidays must be a list")
    off, worked = {}, {}
    for entry in holidays.value:
        if not isinstance(entry, yaml.MappingNode):
            raise _error(path, entry, "each holiday is a mapping with name, off and worked")
        fields = {k.value: (k, v) for k, v in entry.value}
        for key, (knode, _) in fields.items():
            if key not in _KEYS:
                raise _error(path, knode, f"unknown key {key!r} (known: {', '.join(_KEYS)})")
        if "name" not in fields:
            raise _error(path, entry, "a holiday needs a name")
        if "off" in fields:
            node = fields["off"][1]
            for day in _off_days(node, path, year):
                off[day] = node.start_mark.line + 1
        if "worked" in fields:
            node = fields["worked"][1]
            if not isinstance(node, yaml.SequenceNode):
                raise _error(path, node, "worked must be a list of dates")
            for item in node.value:
                day = _date(item, path, year)
                if day.weekday() < 5:
                    raise _error(path, item, f"{day} is a weekday: only a Saturday or Sunday "
                                             "can be an adjusted working day")
                worked[day] = item.start_mark.line + 1
    for day, line in worked.items():
        if day in off:
            raise ConfigError(f"{path}:{line}: {day} is both worked and off (line {off[day]})")
    return year, off, worked


def load_calendar(*folders):
    """The calendar of every ``YYYY.yaml`` in ``folders`` (default: the shipped ``data/holidays``).

    A later folder's file replaces an earlier folder's file of the same
    year; missing folders are skipped.
    """
    folders = folders or (data_dir() / FOLDER,)
    files = {}
    for folder in folders:
        folder = Path(folder)
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                files[path.name] = path
    years, off, worked, sources = set(), set(), set(), {}
    for path in files.values():
        year, year_off, year_worked = read_year(path)
        years.add(year)
        off.update(year_off)
        worked.update(year_worked)
        sources[year] = str(path)
    return Calendar(years, off, worked, sources)


def for_home(home_path):
    """The shipped calendar with the files in ``home_path/holidays`` replacing theirs (see the module)."""
    return load_calendar(data_dir() / FOLDER, Path(home_path) / FOLDER)


def signature(*folders):
    """What the calendar files in ``folders`` look like on disk: names, sizes, modification times."""
    seen = []
    for folder in folders:
        folder = Path(folder)
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                stat = path.stat()
                seen.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(seen)


class HomeCalendar:
    """A home's calendar (``for_home``), read again only when its files change on disk."""

    def __init__(self, home_path):
        self.folders = (data_dir() / FOLDER, Path(home_path) / FOLDER)
        self._lock = threading.Lock()
        self._loaded = (None, None)

    def get(self):
        """``(signature, Calendar)``; ``ConfigError`` for a bad file, as ``load_calendar``."""
        now = signature(*self.folders)
        with self._lock:
            if self._loaded[0] != now:
                self._loaded = (now, load_calendar(*self.folders))
            return self._loaded
