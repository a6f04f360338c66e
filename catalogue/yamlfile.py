"""Reading the project's YAML files (settings, vocabularies, the body registry, synonyms) in one way.

Every YAML file the catalogue reads goes through ``read_yaml`` (plain data)
or ``compose_yaml`` (the node tree, for messages that name a line), so a
missing file, bad bytes and bad syntax are reported alike: one line naming
the file and, where YAML knows it, the line.

What can go wrong: ``ConfigError`` for a missing file (unless ``missing`` is
given); ``YAMLFileError`` (a ``ConfigError`` that also carries ``path`` and
``line``) for bytes that are not UTF-8 or text that is not YAML.
"""

from pathlib import Path

import yaml

from .errors import ConfigError

_REQUIRED = object()


class YAMLFileError(ConfigError):
    """A file that is not UTF-8 YAML; ``line`` is 1-based, or ``None`` when YAML gave none."""

    def __init__(self, path, detail, line=None):
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: not valid UTF-8 YAML: {detail}")
        self.path = path
        self.line = line
        self.detail = detail


def _load(path, parse, missing):
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return parse(fh)
    except FileNotFoundError:
        if missing is not _REQUIRED:
            return missing
        raise ConfigError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise YAMLFileError(path, f"{exc.reason} at byte {exc.start}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise YAMLFileError(path, exc, mark.line + 1 if mark is not None else None) from None


def read_yaml(path, *, missing=_REQUIRED):
    """The data in the YAML file ``path`` (``None`` for an empty file); ``missing`` if it does not exist."""
    return _load(path, yaml.safe_load, missing)


def compose_yaml(path, *, missing=_REQUIRED):
    """The root node of the YAML file ``path`` (``None`` for an empty file), with line marks."""
    return _load(path, yaml.compose, missing)
