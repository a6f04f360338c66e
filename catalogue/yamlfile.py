"""Reading the project's YAML files (settings, vocabularies, the body registry, synonyms) in one way.

Every YAML file the catalogue reads goes through ``read_yaml`` (plain data)
or ``compose_yaml`` (the node tree, for messages that name a line), so a
missing file, bad bytes and bad syntax are reported alike: one line naming
the file and, where YAML knows it, the line.

What can go wrong: ``ConfigError`` for a missing file (unless ``missing`` is
given); ``YAMLFileError`` (a ``ConfigError`` that also carries ``path`` and
``line``) for bytes that are not UTF-8, text that is not YAML, or nesting
deeper than the parser can follow.
"""

from pathlib import Path

import yaml

from .errors import ConfigError

_REQUIRED = object()
_SHOWN = 30     # characters of a value quoted in a message


class RefusingValues:
    """A loader mixin: a value YAML cannot make (a date 2012-13-45, an integer of 5,000 digits,
    ``!!float abc``) is refused as bad YAML at that value's line rather than as ``ValueError``."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            # PyYAML's constructors fail these ways on a value they cannot make (!!timestamp with
            # nothing after it: AttributeError); the value is the file's, the failure its problem.
            shown = str(node.value) if isinstance(node, yaml.ScalarNode) else node.tag
            shown = shown if len(shown) <= _SHOWN else shown[:_SHOWN] + "…"
            raise yaml.constructor.ConstructorError(None, None, f'"{shown}" cannot be read: {exc}',
                                                    node.start_mark) from None


class _Loader(RefusingValues, yaml.SafeLoader):
    """PyYAML's safe loader, refusing the values it cannot make."""


class YAMLFileError(ConfigError):
    """A file that is not UTF-8 YAML; ``line`` is 1-based, or ``None`` when YAML gave none."""

    def __init__(self, path, detail, line=None):
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: not valid UTF-8 YAML: {detail}")
        self.path = path
        self.line = line
        self.detail = detail


def reader_line(text, exc, in_bytes=False):
    """The 1-based line of ``text`` where the ``yaml.reader.ReaderError`` ``exc`` found a character YAML refuses.

    The error has an offset, no mark: in characters from PyYAML's reader, in
    UTF-8 bytes from libyaml's (``in_bytes``).
    """
    if in_bytes:
        return text.encode("utf-8", "surrogatepass").count(b"\n", 0, exc.position) + 1
    return text.count("\n", 0, exc.position) + 1


def _load(path, parse, missing):
    path = Path(path)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
        return parse(text)
    except FileNotFoundError:
        if missing is not _REQUIRED:
            return missing
        raise ConfigError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YAMLFileError(path, f"{exc.reason} at byte {exc.start}", line) from None
    except yaml.reader.ReaderError as exc:     # a control character: an offset, no mark
        raise YAMLFileError(path, exc, reader_line(text, exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise YAMLFileError(path, exc, mark.line + 1 if mark is not None else None) from None
    except RecursionError:
        # PyYAML composes nested lists and mappings recursively: [[[[… ten thousand deep is past Python's stack.
        raise YAMLFileError(path, "nested too deeply") from None


def read_yaml(path, *, missing=_REQUIRED):
    """The data in the YAML file ``path`` (``None`` for an empty file); ``missing`` if it does not exist."""
    return _load(path, lambda text: yaml.load(text, Loader=_Loader), missing)


def compose_yaml(path, *, missing=_REQUIRED):
    """The root node of the YAML file ``path`` (``None`` for an empty file), with line marks."""
    return _load(path, yaml.compose, missing)
