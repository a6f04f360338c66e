"""The catalogue item: its fields, their labels, their limits and the rules that check them.

``FIELDS`` is the one table of fields; CSV headers, the item page and the
API all come from it, and so do the limits: ``Field.max_length`` (characters
of a text, of each keyword and attachment name or link) and
``Field.max_items`` (entries of a list), which ``normalize`` enforces and
the OpenAPI document (``maxLength``, ``maxItems``) and the staff form
(``maxlength``) publish. ``normalize`` turns raw input (from a file, a form
or the API) into a clean item dict, or reports every problem at once.

What can go wrong: ``normalize`` never raises for bad input; it returns
every problem, each naming its field, with a code (``required``,
``too_long``, ``too_many``, ``not_a_date``, ``not_a_url``,
``control_character`` …) where a page can word it.
"""

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import docno as _docno, jsontext
from .clock import china_today
from .errors import BadValue, Problem, ValidationError, too_long, too_many

# 不予公开: recorded (and approved) like any item, never public; needs a reason.
CLOSED = "不予公开"
DISCLOSURE = ("主动公开", "依申请公开", CLOSED)
VALIDITY = ("有效", "失效", "已修订", "废止")
STATUSES = ("draft", "submitted", "rejected", "published", "withdrawn")
# Limits, in characters of the stripped text: generous for real documents,
# small enough that one request cannot fill the store or the index.
TITLE_MAX = 300
INDEX_NO_MAX = 100
NAME_MAX = 100          # a body, topic or genre name, a document number
KEYWORD_MAX = 50        # each keyword
KEYWORDS_MAX = 30       # keywords of one item
SUMMARY_MAX = 2000
BODY_MAX = 200_000
REASON_MAX = 500
URL_MAX = 2000
ATTACHMENTS_MAX = 50    # attachments of one item; each name at most TITLE_MAX, each link URL_MAX


@dataclass(frozen=True)
class Field:
    name: str
    label: str          # Simplified Chinese label (UI, CSV header)
    label_hant: str     # Traditional Chinese label (accepted as a CSV header)
    label_en: str
    help: str
    max_length: int = None  # characters of the text (of each entry, for a list); None: no text limit
    max_items: int = None   # entries of a list field


FIELDS = (
    Field("index_no", "索引号", "索引號", "Index number",
          "unique; generated as {body code}/{year}-{sequence} when missing", INDEX_NO_MAX),
    Field("title", "标题", "標題", "Title", f"required, 1-{TITLE_MAX} characters", TITLE_MAX),
    Field("issuer", "发布机构", "發布機構", "Issuing body",
          "required; a body in the registry, by full name, short name or code", NAME_MAX),
    Field("doc_no", "发文字号", "發文字號", "Document number",
          "optional; any bracket style, stored as 黑政办发〔2011〕43号", NAME_MAX),
    Field("written_date", "成文日期", "成文日期", "Date written",
          "optional date, YYYY-MM-DD (or YYYYMMDD)"),
    Field("publish_date", "发布日期", "發布日期", "Date published",
          "required date, YYYY-MM-DD (or YYYYMMDD); a date after today is warned about"),
    Field("topic", "主题分类", "主題分類", "Topic", "from data/topics.yaml", NAME_MAX),
    Field("genre", "体裁", "體裁", "Genre", "from data/genres.yaml", NAME_MAX),
    Field("keywords", "主题词", "主題詞", "Keywords",
          f"list of up to {KEYWORDS_MAX}, each at most {KEYWORD_MAX} characters; in CSV separated by ; or ；",
          KEYWORD_MAX, KEYWORDS_MAX),
    Field("summary", "内容概述", "內容概述", "Summary", f"optional text, at most {SUMMARY_MAX} characters",
          SUMMARY_MAX),
    Field("body", "正文", "正文", "Full text", f"optional text, at most {BODY_MAX} characters", BODY_MAX),
    Field("disclosure", "公开方式", "公開方式", "Disclosure",
          " or ".join(DISCLOSURE) + f" (default {DISCLOSURE[0]}); {CLOSED} items are never public"),
    Field("closed_reason", "不予公开理由", "不予公開理由", "Reason not disclosed",
          f"required when disclosure is {CLOSED} (e.g. 国家秘密, 个人隐私); ignored otherwise", REASON_MAX),
    Field("validity", "有效性", "有效性", "Validity",
          ", ".join(VALIDITY) + f" (default {VALIDITY[0]})"),
    Field("url", "原文链接", "原文鏈接", "Source URL", "optional http(s) URL", URL_MAX),
    Field("attachments", "附件", "附件", "Attachments",
          f"list of up to {ATTACHMENTS_MAX} {{name, url}}", None, ATTACHMENTS_MAX),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
BY_NAME = {f.name: f for f in FIELDS}
# Fields the store adds; accepted (and ignored) on input so an API read-back
# can be sent back unchanged. ``validity_changed`` (the date validity last
# changed) and ``change_note`` (what the last change of a published item
# was) are public: readers of a rule need both, as GOV.UK shows change notes.
META_FIELDS = ("id", "status", "created", "updated", "revision", "year",
               "validity_changed", "change_note")
# The workflow's record of who did what: staff see it, ``public_view`` never
# shows it. The names of the officials who submitted, reviewed and checked
# confidentiality, the reviewer's comment and the internal dates are the
# office's working papers, not disclosed information (the audit trail keeps
# them too). Accepted and ignored on input, like META_FIELDS.
STAFF_FIELDS = ("submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "review_comment",
                "secrecy_checked_by")
_ACCEPTED = frozenset(FIELD_NAMES + META_FIELDS + STAFF_FIELDS + ("withdrawn_reason",))

_HEADER_ALIASES = {}
for _f in FIELDS:
    for _alias in (_f.name, _f.label, _f.label_hant, _f.label_en.lower()):
        _HEADER_ALIASES[_alias] = _f.name


def field_for_header(header):
    """The field name a CSV header means (English, Simplified or Traditional), or ``None``."""
    key = unicodedata.normalize("NFKC", header or "").strip()
    return _HEADER_ALIASES.get(key) or _HEADER_ALIASES.get(key.lower())


@dataclass
class Context:
    """What validation needs to know beyond the item itself.

    ``resolve_issuer(text)`` returns the body's full name or ``None``;
    ``topics``/``genres`` are the controlled lists (``None`` = accept any).
    """
    resolve_issuer: object
    topics: frozenset = None
    genres: frozenset = None


_KEYWORD_SPLIT = re.compile(r"[;；,，、]")
# YYYY-MM-DD or YYYYMMDD (after NFKC, so full-width digits count); ASCII digits only.
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{4})([0-9]{2})([0-9]{2})")


# Characters no text field may hold: C0 controls but tab, newline and
# carriage return, DEL, lone surrogates and the noncharacters U+FFFE/U+FFFF.
# XML 1.0 cannot carry most of them (one such title made the Atom feed
# invalid for every reader), and none is typed on purpose: they come from
# copying out of word processors and old systems. Refused, not removed, so
# the clerk sees the stored text is exactly what was sent.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _text(value):
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"must be text, not {type(value).__name__}")
    refuse_characters(value, _CONTROL)
    value = value.strip()
    return value or None


def refuse_characters(value, pattern=_CONTROL):
    """Raise ``BadValue`` ``control_character`` naming the first character of ``value`` ``pattern`` matches."""
    control = pattern.search(value)
    if control:
        character = f"U+{ord(control.group()):04X}"
        position = control.start() + 1
        raise BadValue("control_character",
                       f"holds the control character {character} at character {position}; remove it",
                       character=character, position=position)


def _within(name, text):
    """``text`` (or ``None``) if it is at most field ``name``'s ``max_length``; ``too_long`` if not."""
    limit = BY_NAME[name].max_length
    if text is not None and len(text) > limit:
        raise too_long(len(text), limit)
    return text


def _limited(name):
    """The check of text field ``name``: ``_text``, then its length limit."""
    return lambda value: _within(name, _text(value))


def _index_no(value):
    """An index number within its limit, with no "." or ".." between its slashes: it is a path of
    the item's address, and a browser resolves /items/x/../../staff/… to another page of the site."""
    text = _within("index_no", _text(value))
    if text and any(part in (".", "..") for part in text.split("/")):
        raise ValueError(f'"{text}" has a "." or ".." part between slashes; a link to it would lead elsewhere')
    return text


def parse_date(value):
    """A date as ``datetime.date``: ``2012-05-18``, or compact ``20120518``; ``ValueError`` names the bad text.

    The compact form is accepted on purpose: spreadsheets and older systems
    export it, and clerks paste it. Both are stored as ``2012-05-18``.
    Nothing else is guessed (``2012/5/18``, ``18.05.2012``, week dates).
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = _text(value)
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text)
    match = _DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(part) for part in match.groups() if part is not None)
        return _dt.date(year, month, day)
    except ValueError:
        raise BadValue("not_a_date", f'"{text}" is not a date (expected YYYY-MM-DD or YYYYMMDD)',
                       value=text) from None


def date_warnings(item, *, today=None, source=None, line=None):
    """``Problem``s that do not stop ``item`` being stored: a date after ``today``.

    A publish date years ahead (2099) is almost always a typing slip; stored
    as given, the item is listed as published and tops every newest-first
    list. ``today`` defaults to today in China Standard Time, the bodies' own.
    """
    today = today or china_today()
    return [Problem(name, f"{item[name]} is after today ({today.isoformat()}); stored as given, "
                          "and listed as published: check the year", source, line)
            for name in ("written_date", "publish_date")
            if item.get(name) and item[name] > today.isoformat()]


def _url(value):
    text = _text(value)
    if text is None:
        return None
    parts = urlsplit(text)
    if len(text) > URL_MAX:     # before quoting it back
        raise too_long(len(text), URL_MAX)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadValue("not_a_url", f'"{text}" is not an http(s) URL', value=text)
    return text


def _keywords(value):
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ValueError("must be a list of words")
    out = []
    for entry in value:
        entry = _text(entry)
        # A list entry is split like a CSV cell, so that no stored keyword
        # holds a separator and a CSV export reads back as the same list.
        for word in _KEYWORD_SPLIT.split(entry or ""):
            word = _within("keywords", word.strip() or None)
            if word and word not in out:
                out.append(word)
    if len(out) > KEYWORDS_MAX:
        raise too_many(len(out), KEYWORDS_MAX)
    return out


def _attachments(value):
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, str):
        try:
            value = jsontext.loads(value)
        except ValueError:
            raise ValueError('must be a JSON list of {"name", "url"}') from None
    if not isinstance(value, list):
        raise ValueError("must be a list of {name, url}")
    if len(value) > ATTACHMENTS_MAX:
        raise too_many(len(value), ATTACHMENTS_MAX)
    out = []
    for i, att in enumerate(value, 1):
        if not isinstance(att, dict) or set(att) - {"name", "url"}:
            raise ValueError(f"attachment {i} must have exactly name and url")
        name, url = _text(att.get("name")), _url(att.get("url"))
        if name and len(name) > TITLE_MAX:
            raise too_long(len(name), TITLE_MAX)
        if not name or not url:
            raise ValueError(f"attachment {i} needs both name and url")
        out.append({"name": name, "url": url})
    return out


def _choice(value, allowed, default):
    text = _text(value)
    if text is None:
        return default
    if text not in allowed:
        raise BadValue("not_a_choice", f'"{text}" is not one of {", ".join(allowed)}', value=text,
                       choices=list(allowed))
    return text


def normalize(raw, context, *, source=None, line=None):
    """Check ``raw`` and return ``(item, problems)``.

    ``item`` holds every field of ``FIELDS`` (``None``/``[]`` when empty);
    ``problems`` lists each field that broke a rule, located at
    ``source``/``line``. An item with problems must not be stored.
    """
    problems = []

    def bad(field, message, code=None):
        problems.append(Problem(field, message, source, line, code=code))

    if not isinstance(raw, dict):
        bad(None, f"an item must be a mapping of fields, not {type(raw).__name__}")
        return None, problems

    for key in raw:
        if key not in _ACCEPTED:
            bad(key, "unknown field")

    item = {}

    def take(name, fn):
        try:
            item[name] = fn(raw.get(name))
        except BadValue as exc:     # a refusal a page can word in the visitor's language
            item[name] = None
            problems.append(exc.problem(name, source, line))
        except ValueError as exc:
            item[name] = None
            bad(name, str(exc))

    take("index_no", _index_no)
    take("title", _limited("title"))
    if not item["title"] and not any(p.field == "title" for p in problems):
        bad("title", "is required", code="required")
    take("issuer", _limited("issuer"))
    if item["issuer"]:
        resolved = context.resolve_issuer(item["issuer"])
        if resolved is None:
            bad("issuer", f'"{item["issuer"]}" is not in the body registry')
        else:
            item["issuer"] = resolved
    elif not any(p.field == "issuer" for p in problems):
        bad("issuer", "is required", code="required")
    take("doc_no", lambda v: _docno.canonical(_within("doc_no", _text(v))))
    take("written_date", parse_date)
    take("publish_date", parse_date)
    if item["publish_date"] is None and not any(p.field == "publish_date" for p in problems):
        bad("publish_date", "is required", code="required")
    for name in ("written_date", "publish_date"):
        if item[name] is not None:
            item[name] = item[name].isoformat()
    for name, allowed in (("topic", context.topics), ("genre", context.genres)):
        take(name, _limited(name))
        if item[name] and allowed is not None and item[name] not in allowed:
            bad(name, f'"{item[name]}" is not in data/{name}s.yaml')
    take("keywords", _keywords)
    take("summary", _limited("summary"))
    take("body", _limited("body"))
    take("disclosure", lambda v: _choice(v, DISCLOSURE, DISCLOSURE[0]))
    take("closed_reason", _limited("closed_reason"))
    if item["disclosure"] == CLOSED:
        if not item["closed_reason"] and not any(p.field == "closed_reason" for p in problems):
            bad("closed_reason", f"is required when disclosure is {CLOSED}", code="required")
    else:
        item["closed_reason"] = None
    take("validity", lambda v: _choice(v, VALIDITY, VALIDITY[0]))
    take("url", _url)
    take("attachments", _attachments)
    if item.get("keywords") is None:
        item["keywords"] = []
    if item.get("attachments") is None:
        item["attachments"] = []
    year = raw.get("year")
    if year not in (None, "") and item["publish_date"]:
        if str(year) != item["publish_date"][:4]:
            bad("year", f"{year} does not match publish_date {item['publish_date']}")
    return item, problems


def validate(raw, context, *, source=None, line=None):
    """Like ``normalize`` but raise ``ValidationError`` listing every problem."""
    item, problems = normalize(raw, context, source=source, line=line)
    if problems:
        raise ValidationError(problems)
    return item


def public_view(item):
    """The item as files and the API show it: the fields of ``FIELDS`` in order, then meta.

    Never the workflow's ``STAFF_FIELDS``.
    """
    out = {name: item.get(name) for name in FIELD_NAMES}
    for name in META_FIELDS:
        if name in item:
            out[name] = item[name]
    return out


def staff_view(item):
    """The item as staff see it: ``public_view``, then ``STAFF_FIELDS`` and any withdrawal reason."""
    out = public_view(item)
    for name in STAFF_FIELDS + ("withdrawn_reason",):
        if name in item:
            out[name] = item[name]
    return out
