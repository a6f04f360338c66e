"""What a test needs from the machine: in CI (``CI`` set, as .ci/run provides it all) its absence fails the test; elsewhere it skips, saying why."""

import os

import pytest


def missing(reason):
    """Fail under CI, skip elsewhere; ``reason`` says what is missing and how to get it."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)
