"""Uploaded item files kept on the server between their preview and the person's confirmation.

An upload is a folder ``<home>/cache/uploads/<token>/`` holding the file
under its own name (cleaned: no folders, no control characters) and
``upload.json`` (who uploaded it, when, the name as sent). The token is
random (``secrets.token_urlsafe``) and is all the browser gets back: a
confirmation names the upload by its token only, never by a path, and
``find`` accepts a token only when it has the shape of one, names an
upload folder and that upload is the same user's. Uploads are deleted
once imported (a small ``result.json`` stays, for the result page) and
all of them after ``MAX_AGE`` by ``sweep``, which every visit of the page
runs. ``claim`` is atomic (a lock file made with ``O_EXCL``), so a
confirmation sent twice (a double click, two tabs) imports once.

What can go wrong: ``UploadRefused`` (with an interface text ``key``, its
``values`` and an HTTP ``status``) for a file that is too large, empty or
not of a known type; ``OSError`` when the cache folder cannot be written.
"""

import json
import os
import re
import secrets
import shutil
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from catalogue.formats import format_of

MAX_BYTES = 20 * 1024 * 1024
MAX_AGE = 3600                  # seconds an upload waits for its confirmation
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
_META, _RESULT, _CLAIM = "upload.json", "result.json", "claim"
_CHUNK = 1 << 16
# File systems allow 255 bytes a name, and a Chinese character is three of them in UTF-8.
_NAME_BYTES = 200


class UploadRefused(Exception):
    """A file not kept: ``key`` names the interface text saying why, ``values`` fill it in."""

    def __init__(self, key, status=400, **values):
        super().__init__(key)
        self.key = key
        self.status = status
        self.values = values


@dataclass
class Upload:
    token: str
    folder: Path
    meta: dict

    @property
    def path(self):
        """The uploaded file (gone once imported)."""
        return self.folder / self.meta["name"]


def root_of(home):
    """The folder of a home's uploads."""
    return Path(home.cache_dir) / "uploads"


def clean_name(raw):
    """A file name safe to keep: the last part of what was sent, without control or path characters."""
    name = re.split(r"[/\\]", unicodedata.normalize("NFC", raw or ""))[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '<>:"|?*')
    name = name.strip().lstrip(".")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    if len(name.encode("utf-8")) > _NAME_BYTES:
        # Shortened by whole characters, keeping the suffix (which says the file's format).
        room = max(_NAME_BYTES - len((dot + suffix).encode("utf-8")), 0)
        name = stem.encode("utf-8")[:room].decode("utf-8", "ignore") + dot + suffix
        name = name.encode("utf-8")[:_NAME_BYTES].decode("utf-8", "ignore")
    # Never the name of the folder's own files.
    return name if name and name not in (_META, _RESULT, _CLAIM) else "upload" + (dot + suffix if dot else "")


def save(root, user, stream, filename, *, details=None, now=None):
    """Keep the file read from ``stream`` for ``user``, with ``details`` in its record; returns the ``Upload``.

    Reads at most ``MAX_BYTES`` and refuses (``UploadRefused``) a longer,
    an empty or an unknown kind of file, leaving nothing behind.
    """
    name = clean_name(filename)
    if format_of(name) is None:
        raise UploadRefused("import_bad_type", name=name)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_urlsafe(24)
    folder = root / token
    folder.mkdir(mode=0o700)
    size = 0
    try:
        with open(folder / name, "wb") as out:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_BYTES:
                    raise UploadRefused("import_too_large", status=413, mb=MAX_BYTES // (1024 * 1024))
                out.write(chunk)
        if size == 0:
            raise UploadRefused("import_empty", name=name)
        meta = dict(details or {}, user=user["id"], name=name, size=size,
                    at=time.time() if now is None else now)
        (folder / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Upload(token, folder, meta)


def find(root, user, token, *, now=None):
    """The live upload ``token`` names for ``user``, or ``None`` (malformed, unknown, expired, another's)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    folder = root / token
    try:
        meta = json.loads((folder / _META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("user") != user["id"] or _expired(meta, now):
        return None
    return Upload(token, folder, meta)


def _expired(meta, now):
    return (time.time() if now is None else now) - float(meta.get("at") or 0) > MAX_AGE


def sweep(root, *, now=None):
    """Delete every upload older than ``MAX_AGE`` (and any folder without its record)."""
    try:
        folders = list(root.iterdir())
    except FileNotFoundError:
        return
    for folder in folders:
        try:
            meta = json.loads((folder / _META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {"at": folder.stat().st_mtime if folder.exists() else 0}
        if _expired(meta, now):
            shutil.rmtree(folder, ignore_errors=True)


def claim(upload):
    """Take the upload for importing; False when it is taken already (or imported)."""
    try:
        os.close(os.open(upload.folder / _CLAIM, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return False
    if not upload.path.is_file():
        return False
    return True


def release(upload):
    """Give a claimed upload back (its import was refused): it can be confirmed again."""
    (upload.folder / _CLAIM).unlink(missing_ok=True)


def finish(upload, result):
    """Keep ``result`` for the result page and delete the imported file."""
    (upload.folder / _RESULT).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    upload.path.unlink(missing_ok=True)


def result(upload):
    """What the import of ``upload`` gave (``finish``), or ``None`` before it is imported."""
    try:
        return json.loads((upload.folder / _RESULT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def discard(upload):
    """Delete the upload (the person cancelled)."""
    shutil.rmtree(upload.folder, ignore_errors=True)
