"""Loading the body registry (发布机构) from a YAML file into a store.

What can go wrong: a malformed file or bad bodies (``ValidationError`` naming
the file and entry, from ``catalogue.vocab.read_bodies``), a parent that is
neither in the file nor in the store, a short name or code that already
belongs to another body. Nothing is written unless the whole file is good.
"""

from .errors import Problem, ValidationError
from .vocab import BODY_FIELDS, parents_first, read_bodies


def _same(stored, body):
    return all((stored.get(k) or None) == (body.get(k) or None) for k in BODY_FIELDS)


def load_bodies(store, path, *, actor=None):
    """Add the bodies in ``path`` to ``store``; bodies already there are updated.

    Bodies identical to the stored ones are left alone, so loading the same
    file twice changes nothing (and takes no revision). Returns
    ``{"added": n, "updated": n, "unchanged": n}``.
    """
    bodies = read_bodies(path)
    stored = {b["name"]: b for b in store.bodies()}
    ordered = parents_first(bodies, known=stored, source=str(path))
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    changed = []
    for body in ordered:
        old = stored.get(body["name"])
        if old is None:
            counts["added"] += 1
        elif _same(old, body):
            counts["unchanged"] += 1
            continue
        else:
            counts["updated"] += 1
        changed.append((body, old is not None))
    if changed:
        entry = {body["name"]: i for i, body in enumerate(bodies, 1)}
        with store.transaction(actor=actor, note=f"bodies from {path}") as tx:
            for body, replace in changed:
                try:
                    tx.add_body(body, replace=replace)
                except ValidationError as exc:
                    # The store names the body; the person needs the file and the entry.
                    raise ValidationError([Problem(p.field, p.message, str(path), entry[body["name"]],
                                                   code=p.code, params=p.params)
                                           for p in exc.problems]) from None
    return counts
