"""Whether two runs of ``benchmarks.ours`` gave the same answers: totals and first pages, query by query.

    python -m benchmarks.same_answers BEFORE/ours.json AFTER/ours.json

A refactoring that should change no behaviour must answer every query of
the same mix with the same total and the same ids in the same order.
Exit status 0 when all agree, 1 otherwise (each difference printed).

What can go wrong: a figures file without ``answers`` (written before they
were recorded) or from another query mix: exit 2, saying which.
"""

import json
import sys


def differences(before, after):
    """Lines describing each query whose answer differs; ``[]`` when all agree."""
    if len(before) != len(after):
        return [f"the runs answered {len(before)} and {len(after)} queries"]
    out = []
    for n, (old, new) in enumerate(zip(before, after), 1):
        if old[:2] != new[:2]:
            return [f"query {n}: another query mix ({old[1]!r} / {new[1]!r})"]
        if old[2:] != new[2:]:
            out.append(f"query {n} ({old[0]}) {old[1]!r}: total {old[2]} -> {new[2]}, "
                       f"first page {old[3]} -> {new[3]}")
    return out


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    runs = []
    for path in args:
        with open(path, encoding="utf-8") as f:
            figures = json.load(f)
        if "answers" not in figures:
            print(f"{path}: no answers recorded (a run from before they were)", file=sys.stderr)
            return 2
        runs.append(figures["answers"])
    found = differences(*runs)
    for line in found:
        print(line)
    print(f"{len(runs[0])} queries: " + (f"{len(found)} differ" if found else "same answers"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
