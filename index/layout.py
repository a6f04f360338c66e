"""The index folder: generations of the Whoosh index and which one is live.

    index/
      CURRENT          the name of the live generation folder (replaced atomically)
      gen-000001/      a whole Whoosh index, plus
        REVISION       the store revision it holds
        META           {"schema": SCHEMA_VERSION, "store": the store's identity}

``catalogue reindex`` builds a new generation beside the live one and then
replaces CURRENT; readers in this or another process notice the new name and
switch. The previous generation is kept one more round so a process still
reading it is not cut off.

What can go wrong: a folder that cannot be written raises ``ConfigError``.
"""

import json
import os
import re
import shutil
from pathlib import Path

from catalogue.errors import ConfigError

CURRENT = "CURRENT"
REVISION = "REVISION"
META = "META"
_GEN = re.compile(r"^gen-(\d{6})$")


def _write_atomic(path, text):
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def prepare(index_dir):
    """Create the index folder if needed; ``ConfigError`` if it cannot be."""
    index_dir = Path(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{index_dir}: cannot create the index folder: {exc.strerror}") from None
    return index_dir


def current(index_dir):
    """The live generation's folder, or ``None`` when there is none yet."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    folder = Path(index_dir) / name
    return folder if _GEN.match(name) and folder.is_dir() else None


def _fingerprint(path):
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def stamp(index_dir):
    """A cheap fingerprint of CURRENT: changes when another process swaps generations."""
    return _fingerprint(Path(index_dir) / CURRENT)


def new_generation(index_dir):
    """A fresh, empty generation folder (not yet live)."""
    index_dir = Path(index_dir)
    while True:
        numbers = [int(m.group(1)) for m in map(_GEN.match, os.listdir(index_dir)) if m]
        folder = index_dir / f"gen-{max(numbers, default=0) + 1:06d}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:     # another process is starting a rebuild too: take the next
            continue


def make_live(index_dir, folder):
    """Point CURRENT at ``folder`` (atomic) and drop generations older than the previous one."""
    index_dir = Path(index_dir)
    previous = current(index_dir)
    _write_atomic(index_dir / CURRENT, Path(folder).name + "\n")
    keep = {Path(folder).name, previous.name if previous else None}
    for name in os.listdir(index_dir):
        if _GEN.match(name) and name not in keep:
            shutil.rmtree(index_dir / name, ignore_errors=True)


def discard(folder):
    shutil.rmtree(folder, ignore_errors=True)


def read_revision(folder):
    try:
        return int((Path(folder) / REVISION).read_text(encoding="utf-8").strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def write_revision(folder, revision):
    _write_atomic(Path(folder) / REVISION, f"{int(revision)}\n")


def read_meta(folder):
    try:
        return json.loads((Path(folder) / META).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def write_meta(folder, meta):
    _write_atomic(Path(folder) / META, json.dumps(meta))
