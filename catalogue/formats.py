"""Reading items from YAML, CSV and JSON Lines files, and writing them back.

Readers return raw records (not yet validated), each with the file and the
line it starts on, so every later problem can say ``items.csv:14: field: …``.
Writers put out the fields of ``catalogue.items.FIELDS`` in order and nothing
else, so that importing an export gives back the same items.

What can go wrong when reading: a file that is not UTF-8 (the byte offset and
line are named), malformed YAML or JSON, a CSV header naming no known field
or missing a required one. A problem that stops the reading of the file is
raised as ``ValidationError``; problems confined to one record (a bad JSON
line, a CSV row with too many cells) are returned beside the good records so
that the importer can report them together with the validation problems.

CSV cells a spreadsheet would run as formulas are written with a leading
``'`` (see ``_FORMULA``), which the reader removes again.
"""

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import jsontext
from .errors import Problem, ValidationError
from .items import FIELD_NAMES, FIELDS, field_for_header
from .yamlfile import RefusingValues, reader_line

FORMATS = ("jsonl", "yaml", "csv")
_SUFFIXES = {".jsonl": "jsonl", ".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}
REQUIRED_COLUMNS = ("title", "issuer", "publish_date")
# In CSV cells keywords are joined with this; the reader splits on ; ； and
# the other separators catalogue.items accepts.
KEYWORD_JOIN = ";"
# A spreadsheet runs a cell starting with = + - @ (or tab/CR) as a formula
# (CSV injection: ``=cmd|' /C calc'!A0``). The writer puts a ``'`` before
# such a cell, as OWASP advises, and before one that already starts with
# ``'`` and one of them; the reader takes one ``'`` off again, so an export
# reads back as the same text. A spreadsheet shows the ``'`` as a text
# marker and hides it, so a hand-made file means the same to both.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


@dataclass
class Record:
    """One raw item as read from a file, with where it starts."""
    data: object
    source: str
    line: int


def format_of(path):
    """``jsonl``, ``yaml`` or ``csv`` from the file's suffix; ``None`` when unknown."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def read_records(path):
    """The raw records of ``path`` and the problems found while reading them.

    Returns ``(records, problems)``. Raises ``ValidationError`` when the file
    cannot be read at all (missing, not UTF-8, malformed YAML, bad CSV header).
    """
    source = str(path)
    fmt = format_of(path)
    if fmt is None:
        raise ValidationError([Problem(None, "unknown file type; use .yaml, .yml, .csv or .jsonl", source)])
    text = _read_text(path, source)
    return {"yaml": _read_yaml, "csv": _read_csv, "jsonl": _read_jsonl}[fmt](text, source)


def _read_text(path, source):
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ValidationError([Problem(None, "file not found", source)]) from None
    except OSError as exc:
        raise ValidationError([Problem(None, f"cannot read the file: {exc.strerror}", source)]) from None
    try:
        # utf-8-sig: a byte-order mark (as Excel writes) is dropped, not read as data.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValidationError([Problem(
            None, f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}; "
                  "save the file as UTF-8", source, line)]) from None


# -- YAML -------------------------------------------------------------------

_LoaderBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEEP_TAGS = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge")


class _ItemLoader(RefusingValues, _LoaderBase):
    """Safe YAML where plain scalars stay text (only ``null``/``~`` resolve), refusing values
    an explicit tag cannot make (``!!int``, ``!!timestamp``, ``!!float``) at their line.

    Item fields are all text, dates or lists: without this, ``index_no: 0012``
    would become the number 12 and ``publish_date: 2012-13-01`` would fail
    inside the parser instead of as a named field problem.
    """

    def construct_mapping(self, node, deep=False):
        # PyYAML keeps the last of two equal keys silently; in an item that
        # is almost always a copy-paste slip, so say where it is.
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _ in node.value:
                key = key_node.value
                if not isinstance(key, str):
                    continue    # a list or mapping as a key ({{}}: x): the constructor refuses it
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f'the key "{key}" appears twice in one item', key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


_ItemLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag in _KEEP_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_yaml(text, source):
    records, problems = [], []
    loader = _ItemLoader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            data = loader.construct_document(node)
            if data is None:
                continue
            if isinstance(node, yaml.SequenceNode):
                records.extend(Record(d, source, n.start_mark.line + 1) for d, n in zip(data, node.value))
            elif isinstance(node, yaml.MappingNode):
                records.append(Record(data, source, node.start_mark.line + 1))
            else:
                problems.append(Problem(None, "a YAML document must be an item or a list of items",
                                        source, node.start_mark.line + 1))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        raise ValidationError([Problem(None, f"not valid YAML: {what}", source,
                                       mark.line + 1 if mark else None)]) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (a control character, U+FFFE …): no mark, only an offset.
        line = reader_line(text, exc, in_bytes=_LoaderBase is not yaml.SafeLoader)
        shown = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise ValidationError([Problem(None, f"not valid YAML: the character {shown} is not allowed "
                                             f"({exc.reason})", source, line)]) from None
    except yaml.YAMLError as exc:
        raise ValidationError([Problem(None, f"not valid YAML: {exc}", source)]) from None
    finally:
        loader.dispose()
    return records, problems


# -- CSV --------------------------------------------------------------------

def _csv_columns(header, source):
    """Map each header cell to a field; raise on unknown, repeated or missing columns."""
    problems, columns, seen = [], [], {}
    for cell in header:
        name = field_for_header(cell)
        if not cell.strip():
            columns.append(None)        # an empty header cell: only allowed over empty cells
        elif name is None:
            known = ", ".join(f"{f.name}/{f.label}" for f in FIELDS)
            problems.append(Problem("header", f'"{cell}" is not a known column (known: {known})', source, 1))
            columns.append(None)
        elif name in seen:
            problems.append(Problem("header", f'"{cell}" repeats column "{seen[name]}"', source, 1))
            columns.append(None)
        else:
            seen[name] = cell
            columns.append(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            label = next(f.label for f in FIELDS if f.name == name)
            problems.append(Problem("header", f"no column for {name} ({label})", source, 1))
    if problems:
        raise ValidationError(problems)
    return columns


def _read_csv(text, source):
    records, problems = [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = None
    try:
        while True:
            # A quoted cell may span lines: the row starts after the last line read.
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns = _csv_columns(row, source)
                continue
            if len(row) > len(columns):
                problems.append(Problem(None, f"the row has {len(row)} cells; the header has "
                                              f"{len(columns)}", source, line))
                continue
            data = {}
            for name, cell in zip(columns, row):
                if name is None:
                    if cell.strip():
                        problems.append(Problem(None, f'"{cell}" is in a column without a header',
                                                source, line))
                    continue
                data[name] = cell[1:] if cell[:1] == "'" and _FORMULA.match(cell, 1) else cell
            records.append(Record(data, source, line))
    except csv.Error as exc:
        raise ValidationError([Problem(None, f"not valid CSV: {exc}", source, reader.line_num)]) from None
    if columns is None:
        raise ValidationError([Problem("header", "the file is empty; the first row must name the columns",
                                       source, 1)])
    return records, problems


# -- JSON Lines ---------------------------------------------------------------

def _read_jsonl(text, source):
    records, problems = [], []
    # Only "\n" ends a record: str.splitlines() would also break at U+2028,
    # U+0085 and other separators that JSON strings may hold unescaped.
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            records.append(Record(jsontext.loads(line), source, number))
        except ValueError as exc:     # json.JSONDecodeError, or jsontext's NaN or nesting
            problems.append(Problem(None, f"not valid JSON: {exc.msg} (column {exc.colno})", source, number))
    return records, problems


# -- writers ------------------------------------------------------------------

def export_fields(item):
    """The item's fields of ``FIELDS``, in order, without the store's meta fields."""
    return {name: item.get(name) for name in FIELD_NAMES}


class _ItemDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Safe YAML with multi-line text (a full body) as a readable literal block."""


def _represent_text(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ItemDumper.add_representer(str, _represent_text)


def _write_jsonl(items, stream):
    for item in items:
        stream.write(json.dumps(export_fields(item), ensure_ascii=False))
        stream.write("\n")


def _write_yaml(items, stream):
    wrote = False
    for item in items:
        # One list entry at a time: the output is one YAML list, written as we go.
        chunk = yaml.dump([export_fields(item)], Dumper=_ItemDumper, allow_unicode=True,
                          sort_keys=False, default_flow_style=False, width=120)
        # After a text ending in blank lines ("|+") the emitter closes the
        # document with "..."; the next entry must continue the same list.
        if chunk.endswith("\n...\n"):
            chunk = chunk[:-4]
        stream.write(chunk)
        wrote = True
    if not wrote:
        stream.write("[]\n")


def _csv_cell(name, value):
    if value is None:
        return ""
    if name == "keywords":
        return KEYWORD_JOIN.join(value)
    if name == "attachments":
        return json.dumps(value, ensure_ascii=False) if value else ""
    return value


def _inert(cell):
    return "'" + cell if isinstance(cell, str) and _FORMULA.match(cell) else cell


def _write_csv(items, stream):
    writer = csv.writer(stream)
    writer.writerow(FIELD_NAMES)
    for item in items:
        writer.writerow([_inert(_csv_cell(name, item.get(name))) for name in FIELD_NAMES])


_WRITERS = {"jsonl": _write_jsonl, "yaml": _write_yaml, "csv": _write_csv}


def write_items(items, stream, fmt):
    """Write ``items`` (stored or validated item dicts) to the text ``stream`` as ``fmt``.

    For CSV open the stream with ``newline=""`` (the csv module writes its own line ends).
    """
    if fmt not in _WRITERS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    _WRITERS[fmt](items, stream)
