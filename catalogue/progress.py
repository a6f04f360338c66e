"""Progress bars for long imports and exports: tqdm on standard error, only when useful.

A bar shows when the job has at least ``PROGRESS_MIN`` steps, progress is not
turned off, and standard error is a terminal (tqdm's ``disable=None``), so
logs and pipes stay clean.
"""

import sys

from tqdm import tqdm

PROGRESS_MIN = 2000


def progress_bar(total, desc, enabled=None):
    """A tqdm bar (or a disabled one) to use as ``with progress_bar(n, "…") as bar: bar.update()``.

    ``enabled=False`` turns it off (``--quiet``); ``None`` or ``True`` leave it
    to the size of the job and whether standard error is a terminal.
    """
    disable = True if enabled is False or total < PROGRESS_MIN else None
    return tqdm(total=total, desc=desc, unit="item", file=sys.stderr, disable=disable,
                leave=False, dynamic_ncols=True)
