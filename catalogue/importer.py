"""Importing item files into the store: each file whole or not at all.

For each file every record is checked before anything is written, and all
problems are reported together, each naming the file, line and field:
invalid fields, an index number repeated within the file, an index number
already in the store (unless ``update``), issuers missing from the registry
(unless ``add_bodies``, which adds them as top-level bodies). A file with any
problem is rolled back whole; the other files are still imported.

Who the import acts for is a policy (``catalogue.staff_import``): the shell
(``user=None``: every item published, as always) or a staff account (its
scope, the state its role allows, the confidentiality check, an audit entry
per item).

``check_file`` runs the same checks on one file and writes nothing, so a
preview (the staff upload page) shows exactly what the import would refuse
and the state each item would get.

What can go wrong: ``ImportRefused`` (a ``ValidationError``) listing the
problems of every refused file, with ``summary`` saying what was imported;
``Forbidden`` when the acting user may not add bodies (``add_bodies``).
Advice in the problems names the command line as ``command`` says (the
``--home``/``--store`` the user gave), so it can be run as written.
"""

from . import workflow
from .bodynames import BodyNames
from .errors import Conflict, Forbidden, NotFound, Problem, ValidationError
from .formats import read_records
from .items import Context, date_warnings, normalize
from .progress import progress_bar
from .staff_import import ShellImport, StaffImport
from .wording import counted

# Bodies added by --add-bodies hang at the top of the registry at this level;
# staff can move them with `catalogue bodies import` later.
ADDED_BODY_LEVEL = "省"


class ImportRefused(ValidationError):
    """One or more files were refused; ``summary`` lists the files that were imported."""

    def __init__(self, problems, message, summary):
        super().__init__(problems, message)
        self.summary = summary


def _check(store, records, add_bodies, progress, source, policy, command):
    """Validate every record; return ``(valid, unknown_issuers, problems)``.

    ``valid`` is a list of ``(item, line)``; ``unknown_issuers`` maps each
    issuer missing from the registry to the lines that name it.
    """
    names = BodyNames(store.bodies())
    vocab = store.vocab
    unknown, problems, valid, first_line = {}, [], [], {}
    current = None

    def resolve(text):
        name = names.name(text)
        if name is None:
            unknown.setdefault(text, []).append(current)
            # Accept it for now: unknown issuers are reported once, together.
            return text
        return name

    context = Context(resolve, vocab.topics, vocab.genres)
    with progress_bar(len(records), f"{source}: checking", progress) as bar:
        for record in records:
            current = record.line
            item, found = normalize(record.data, context, source=record.source, line=record.line)
            index_no = item and item["index_no"]
            if index_no:
                if index_no in first_line:
                    found.append(Problem("index_no", f'"{index_no}" repeats line {first_line[index_no]}',
                                         record.source, record.line))
                else:
                    first_line[index_no] = record.line
            if not found and (add_bodies or item["issuer"] not in unknown):
                found.extend(Problem(field, message, record.source, record.line)
                             for field, message in policy.check(item, record.data))
            problems.extend(found)
            if not found and (add_bodies or item["issuer"] not in unknown):
                valid.append((item, record.line))
            bar.update()
    if unknown and not add_bodies:
        for text, lines in unknown.items():
            where = ", ".join(str(n) for n in lines[:10]) + (" …" if len(lines) > 10 else "")
            where = f"line{'s' if len(lines) > 1 else ''} {where}"
            problems.append(Problem("issuer", f'"{text}" is not in the body registry ({where}); '
                                              f"add it with `{command} bodies import FILE` or import "
                                              "with --add-bodies", source, lines[0],
                                    code="unknown_body", params={"value": text}))
    return valid, unknown, problems


def _already_there(item, source, line):
    return Problem("index_no", f'"{item["index_no"]}" is already in the catalogue; '
                               "use --update to replace it", source, line)


def _write(tx, valid, unknown, update, progress, source, policy):
    """Add the new bodies and put the items; return ``(added, updated, bodies, problems)``."""
    problems, bodies = [], []
    for text, lines in unknown.items():
        try:
            tx.add_body({"name": text, "level": ADDED_BODY_LEVEL})
            bodies.append(text)
        except ValidationError as exc:
            problems.extend(p.located(source, lines[0]) for p in exc.problems)
    added = updated = 0
    # Items with a typed index number go first, so that numbers generated for the others skip
    # them: in file order a generated number could take a slot a later line types, and with
    # --update that line would then replace the item the number was generated for.
    ordered = [v for v in valid if v[0]["index_no"]] + [v for v in valid if not v[0]["index_no"]]
    with progress_bar(len(valid), f"{source}: writing", progress) as bar:
        for item, line in ordered:
            try:
                try:
                    policy.put(tx, item, replace=False, source=source)
                    added += 1
                except Conflict:
                    if not update:
                        raise
                    policy.put(tx, item, replace=True, source=source)
                    updated += 1
            except Conflict:
                problems.append(_already_there(item, source, line))
            except NotFound as exc:
                problems.append(Problem("issuer", exc.message.split(": ", 1)[-1], source, line))
            except Forbidden as exc:
                problems.append(Problem("index_no", exc.message, source, line))
            bar.update()
    return added, updated, bodies, problems


def _policy(store, user, actor, secrecy_checked_by, address):
    if user is None:
        return ShellImport(actor, address)
    return StaffImport(store, user, secrecy_checked_by=secrecy_checked_by, address=address)


def check_file(store, path, *, user=None, secrecy_checked_by=None, update=False, add_bodies=False,
               command="catalogue"):
    """Check one file as ``import_file`` would, writing nothing: a preview of the import.

    Returns ``{"file", "records", "items", "problems", "warnings"}``:
    ``records`` the raw records read, ``items`` the valid ones as
    ``{"line", "item", "status"}`` (the status each would be stored with),
    ``problems`` every problem by line, an unknown issuer once for each line
    that names it, and a typed index number already in the store (unless
    ``update``). ``user`` and ``secrecy_checked_by`` as in ``import_files``.

    What can go wrong: ``ValidationError`` for a file that cannot be read at
    all (``formats.read_records``); ``Forbidden`` as ``import_files``.
    """
    policy = _policy(store, user, "catalogue import", secrecy_checked_by, None)
    policy.start(add_bodies)
    source = str(path)
    records, problems = read_records(path)
    valid, unknown, found = _check(store, records, add_bodies, False, source, policy, command)
    for problem in found:
        # The import names an unknown issuer once, with its lines; a preview shows it on each row.
        lines = unknown.get(problem.params.get("value"), ()) if problem.code == "unknown_body" else ()
        problems.extend([Problem(problem.field, problem.message, source, n, code=problem.code,
                                 params=problem.params) for n in lines] or [problem])
    if not update:
        problems.extend(_already_there(item, source, line) for item, line in valid
                        if item["index_no"] and store.get(item["index_no"]) is not None)
    items = [{"line": line, "item": item,
              "status": workflow.initial_status(store, user, item["issuer"]) if user else workflow.PUBLISHED}
             for item, line in valid]
    problems.sort(key=lambda p: (p.line or 0))
    warnings = [w for item, line in valid for w in date_warnings(item, source=source, line=line)]
    return {"file": source, "records": records, "items": items, "problems": problems, "warnings": warnings}


def import_file(store, path, *, update=False, add_bodies=False, progress=None, actor=None,
                policy=None, command="catalogue"):
    """Import one file in one transaction; return ``{"file", "added", "updated", "bodies", "warnings"}``.

    ``warnings`` are ``Problem``s about items stored all the same (a date
    after today, ``items.date_warnings``). ``command`` is how advice writes
    the command line (``catalogue --home DIR``).

    What can go wrong: ``ValidationError`` listing every problem of the
    file; then nothing from it was written.
    """
    policy = policy or ShellImport(actor or "catalogue import")
    source = str(path)
    records, problems = read_records(path)
    valid, unknown, found = _check(store, records, add_bodies, progress, source, policy, command)
    problems.extend(found)
    warnings = [w for item, line in valid for w in date_warnings(item, source=source, line=line)]
    with store.transaction(actor=actor, note=f"import {source}") as tx:
        added, updated, bodies, found = _write(tx, valid, unknown if add_bodies else {},
                                               update, progress, source, policy)
        problems.extend(found)
        policy.finish(tx, source, added, updated)
        if problems:
            # Raised inside the transaction: everything this file wrote rolls back.
            problems.sort(key=lambda p: (p.line or 0))
            raise ValidationError(problems)
    return {"file": source, "added": added, "updated": updated, "bodies": bodies, "warnings": warnings}


def import_files(store, paths, update=False, add_bodies=False, progress=None, actor="catalogue import",
                 command="catalogue", *, user=None, secrecy_checked_by=None, address=None):
    """Import each file whole or not at all; return ``{"files": [...], "added", "updated"}``.

    ``user`` (an account) imports by the staff rules, ``secrecy_checked_by``
    naming who did the confidentiality check for every row without its own
    column; without ``user`` every item is published, recorded as ``actor``.

    ``progress=False`` turns progress bars off. Files after a refused one are
    still tried, so one run reports the problems of every file. What can go
    wrong: ``ImportRefused`` naming every problem of every refused file.
    """
    policy = _policy(store, user, actor, secrecy_checked_by, address)
    if user is not None:
        actor = user["name"]
    policy.start(add_bodies)
    summary = {"files": [], "added": 0, "updated": 0}
    problems, refused = [], []
    for path in paths:
        try:
            result = import_file(store, path, update=update, add_bodies=add_bodies,
                                 progress=progress, actor=actor, policy=policy,
                                 command=command)
        except ValidationError as exc:
            problems.extend(exc.problems)
            refused.append(str(path))
            continue
        summary["files"].append(result)
        summary["added"] += result["added"]
        summary["updated"] += result["updated"]
    if refused:
        count = counted(len(problems), "problem")
        raise ImportRefused(problems, f"not imported: {', '.join(refused)} ({count}; nothing from "
                                      f"{'these files' if len(refused) > 1 else 'it'} was written)",
                            summary)
    return summary
