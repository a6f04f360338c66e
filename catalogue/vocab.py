"""The controlled vocabularies and the body registry file (YAML in ``data/``).

What can go wrong: a missing or malformed file raises ``ConfigError`` (or
``ValidationError`` for bad bodies) naming the file and entry.
"""

from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, Problem, ValidationError
from .paths import data_dir
from .yamlfile import YAMLFileError, read_yaml

LEVELS = ("省", "市", "县", "乡")
# A body's review setting: ``required`` turns on four-eyes review (nobody
# approves an item they submitted, an editor cannot publish directly).
REVIEW = ("optional", "required")
BODY_FIELDS = ("name", "short", "code", "parent", "level", "review")


@dataclass(frozen=True)
class Vocab:
    topics: frozenset
    genres: frozenset
    topic_list: tuple
    genre_list: tuple


def _load_list(path):
    data = read_yaml(path)
    if not isinstance(data, list) or not all(isinstance(x, str) and x.strip() for x in data):
        raise ConfigError(f"{path}: must be a YAML list of non-empty strings")
    return [x.strip() for x in data]


def load_vocab(folder=None):
    """Topics and genres from ``folder`` (default: the shipped ``data/``).

    A two-level topic ``一级/二级`` also admits its first level on its own.
    """
    folder = Path(folder or data_dir())
    topics = _load_list(folder / "topics.yaml")
    genres = _load_list(folder / "genres.yaml")
    allowed_topics = set(topics)
    allowed_topics.update(t.split("/", 1)[0] for t in topics)
    return Vocab(frozenset(allowed_topics), frozenset(genres), tuple(topics), tuple(genres))


def read_bodies(path):
    """Body mappings from a YAML file, checked and ordered parents first.

    ``review`` defaults to ``optional``. What can go wrong: unknown keys, a
    missing name or level, a level not in 省/市/县/乡, a review other than
    optional/required, duplicate names or codes, a parent that is not in the file
    (and not ``known``): all reported at once as ``ValidationError``; a file
    that is not UTF-8 YAML is one such problem naming its line. A missing
    file is a ``ConfigError``.
    """
    path = Path(path)
    try:
        data = read_yaml(path)
    except YAMLFileError as exc:
        raise ValidationError([Problem(None, f"not valid UTF-8 YAML: {exc.detail}", str(exc.path),
                                       exc.line)]) from None
    if not isinstance(data, list):
        raise ValidationError([Problem(None, "must be a YAML list of bodies", str(path))])
    problems, bodies = [], []
    for i, raw in enumerate(data, 1):
        where = dict(source=str(path), line=i)
        if not isinstance(raw, dict):
            problems.append(Problem(None, "a body must be a mapping", **where))
            continue
        for key in raw:
            if key not in BODY_FIELDS:
                problems.append(Problem(key, "unknown field", **where))
        body = {k: (str(raw[k]).strip() if raw.get(k) not in (None, "") else None) for k in BODY_FIELDS}
        if not body["name"]:
            problems.append(Problem("name", "is required", **where))
        if body["level"] not in LEVELS:
            problems.append(Problem("level", f'"{body["level"]}" is not one of {"/".join(LEVELS)}', **where))
        body["review"] = body["review"] or REVIEW[0]
        if body["review"] not in REVIEW:
            problems.append(Problem("review", f'"{body["review"]}" is not one of {"/".join(REVIEW)}',
                                    **where))
        bodies.append(body)
    for key in ("name", "short", "code"):
        seen = {}
        for i, body in enumerate(bodies, 1):
            value = body[key]
            if value and value in seen:
                problems.append(Problem(key, f'"{value}" repeats entry {seen[value]}', str(path), i))
            elif value:
                seen[value] = i
    if problems:
        raise ValidationError(problems)
    return bodies


def parents_first(bodies, known=(), source=None):
    """Order ``bodies`` so each comes after its parent; unknown parents raise ``ValidationError``.

    With ``source`` (the file ``bodies`` were read from, in order) each
    problem names the file and the entry (1-based) it is about.
    """
    entry = {id(b): i for i, b in enumerate(bodies, 1)} if source is not None else {}
    names = {b["name"] for b in bodies} | set(known)
    missing = [Problem("parent", f'"{b["parent"]}" of "{b["name"]}" is not a known body', source, entry.get(id(b)))
               for b in bodies if b["parent"] and b["parent"] not in names]
    if missing:
        raise ValidationError(missing)
    placed, ordered, pending = set(known), [], list(bodies)
    while pending:
        ready = [b for b in pending if not b["parent"] or b["parent"] in placed]
        if not ready:
            raise ValidationError([Problem("parent", "bodies form a cycle: " +
                                           ", ".join(b["name"] for b in pending),
                                           source, entry.get(id(pending[0])))])
        for b in ready:
            ordered.append(b)
            placed.add(b["name"])
        pending = [b for b in pending if b["name"] not in placed]
    return ordered
