"""Who may do what: one function per question, each raising ``Forbidden`` naming the rule.

The rules (the staff design):

- A user has a role (editor, reviewer, admin) and a body; their **scope** is
  that body and every body under it in the registry (an admin: every body).
- **editor**: create, edit and submit items of bodies in scope; edit a
  published item and publish directly only where the body's review is
  ``optional``.
- **reviewer**: all an editor may, plus approve or reject submitted items,
  withdraw published ones, and edit published ones, in scope.
- **admin**: everything everywhere, including users and restore.
- Where a body's review is ``required`` (four-eyes), nobody publishes
  directly and nobody approves an item they submitted or changed after it
  was submitted.
- A disabled user (or none) may do nothing.

The functions return ``None`` when the action is allowed; ``allows`` turns
one into a yes/no for pages that only show or hide a button. The item's
state (draft, submitted …) is ``catalogue.workflow``'s to check.

What can go wrong: ``Unauthorized`` without a user, ``Forbidden`` with a
message naming the rule that refuses and one problem whose code
(``forbidden_scope``, ``forbidden_role``, ``four_eyes`` …, with the body as
``value``) lets a page word the rule in the visitor's language.
"""

from . import audit
from .errors import CatalogueError, Forbidden, NotFound, Problem, Unauthorized

EDITOR, REVIEWER, ADMIN = "editor", "reviewer", "admin"
REVIEWERS = (REVIEWER, ADMIN)


def _refuse(message, *, code, **params):
    """A ``Forbidden`` whose problem carries the rule's ``code``, so a page can say it in any language."""
    return Forbidden(message, [Problem(None, message, code=code, params=params)])


def require_active(user):
    """Refuse no user (``Unauthorized``) and a disabled one (``Forbidden``)."""
    if not user:
        raise Unauthorized("log in first")
    if user.get("disabled"):
        raise _refuse(f'account: "{user["name"]}" is disabled and may do nothing', code="account_disabled")


def _who(user):
    where = f' of {user["body"]}' if user.get("body") else ""
    return f'{user["name"]} ({user["role"]}{where})'


def scope_of(store, user):
    """The full names of the bodies ``user`` may work on: their body and all under it."""
    bodies = store.bodies()
    if user and user.get("role") == ADMIN:
        return frozenset(b["name"] for b in bodies)
    if not user or not user.get("body"):
        return frozenset()
    return bodies_under(store, user["body"], bodies)


def bodies_under(store, name, bodies=None):
    """The full names of ``name`` and every body under it in the registry."""
    children = {}
    for body in bodies if bodies is not None else store.bodies():
        children.setdefault(body["parent"], []).append(body["name"])
    found, pending = set(), [name]
    while pending:
        one = pending.pop()
        if one not in found:
            found.add(one)
            pending.extend(children.get(one, ()))
    return frozenset(found)


def review_of(store, body):
    """The review setting of ``body`` (a full name): ``optional`` or ``required``."""
    found = store.resolve_body(body)
    if found is None:
        raise NotFound(f'issuer: "{body}" is not in the body registry')
    return found.get("review") or "optional"


def in_scope(store, user, body):
    """Refuse a body outside ``user``'s scope (rule: scope)."""
    require_active(user)
    if body not in scope_of(store, user):
        raise _refuse(f"scope: {_who(user)} may not work on items of {body}: "
                      "only that body and those under it", code="forbidden_scope", value=body)


def can_read(store, user, item):
    """Staff may see any item of a body in their scope, in every state."""
    in_scope(store, user, item["issuer"])


def can_write(store, user, body, item=None):
    """May ``user`` create an item of ``body``, or change the stored ``item`` into one of ``body``?

    Editing a published item of a body whose review is required is for
    reviewers (rule: four-eyes), so that no editor's change reaches the
    public unreviewed.
    """
    in_scope(store, user, body)
    if item is None:
        return
    if item["issuer"] != body:
        in_scope(store, user, item["issuer"])
    if item["status"] == "published" and user["role"] not in REVIEWERS:
        for name in {body, item["issuer"]}:
            if review_of(store, name) == "required":
                raise _refuse(f"four-eyes: {name} requires review, so only a reviewer may change "
                              f"its published items; {_who(user)} is not one",
                              code="four_eyes_published", value=name)


def can_publish_directly(store, user, body):
    """May ``user`` publish an item of ``body`` without a second person's review?"""
    in_scope(store, user, body)
    if review_of(store, body) == "required":
        raise _refuse(f"four-eyes: {body} requires review: submit the item and another "
                      "person approves it", code="four_eyes", value=body)


def can_review(store, user, item):
    """May ``user`` approve or reject ``item`` (submitted)? Four-eyes where review is required."""
    require_active(user)
    if user["role"] not in REVIEWERS:
        raise _refuse(f"role: approving and rejecting is for reviewers; {_who(user)} is not one",
                      code="forbidden_role")
    in_scope(store, user, item["issuer"])
    if review_of(store, item["issuer"]) != "required":
        return
    if item.get("submitted_by") == user["name"]:
        raise _refuse(f"four-eyes: {item['issuer']} requires review, and nobody approves an item "
                      f"they submitted; {user['name']} submitted this one",
                      code="four_eyes_own", value=item["issuer"])
    # Changing a submitted item and then approving it would be approving one's own text.
    if item.get("submitted_at") and audit.entries(store, since=item["submitted_at"], user=user,
                                                  action="edit", index_no=item["index_no"], limit=1):
        raise _refuse(f"four-eyes: {item['issuer']} requires review, and nobody approves an item "
                      f"they changed after it was submitted; {user['name']} changed this one",
                      code="four_eyes_changed", value=item["issuer"])


def can_withdraw(store, user, item):
    """May ``user`` withdraw ``item`` (published)? Reviewers and admins, in scope."""
    require_active(user)
    if user["role"] not in REVIEWERS:
        raise _refuse(f"role: withdrawing is for reviewers; {_who(user)} is not one",
                      code="forbidden_withdraw")
    in_scope(store, user, item["issuer"])


def can_restore(store, user, item=None):
    """May ``user`` restore a withdrawn item? Admins only."""
    require_active(user)
    if user["role"] != ADMIN:
        raise _refuse(f"role: restoring a withdrawn item is for admins; {_who(user)} is not one",
                      code="forbidden_admin")


def can_manage_users(user):
    """May ``user`` add, change or disable accounts and the body registry? Admins only."""
    require_active(user)
    if user["role"] != ADMIN:
        raise _refuse(f"role: managing users and bodies is for admins; {_who(user)} is not one",
                      code="forbidden_admin")


def audit_scope(store, user):
    """The bodies whose audit entries ``user`` may read: ``None`` (all) for an admin, else the scope."""
    require_active(user)
    return None if user["role"] == ADMIN else scope_of(store, user)


def allows(rule, *args, **kwargs):
    """True when ``rule(*args)`` raises nothing: for pages that only show or hide an action."""
    try:
        rule(*args, **kwargs)
    except CatalogueError:
        return False
    return True
