"""Who an import acts for: the shell (everything published) or a staff account (its rules).

``catalogue.importer`` checks and writes every record through one of these
policies. ``ShellImport`` is the server shell's ``catalogue import``: items
are published as they always were, and each file leaves one ``import``
entry in the audit trail. ``StaffImport`` acts for a user: each record's
issuer must be in the user's scope, each item gets the state the user may
give it (published where they may publish directly, else submitted, as
``catalogue.workflow.initial_status`` decides), needs who did the
confidentiality check (the record's own ``secrecy_checked_by`` column, else
the one name given for the whole upload: the more particular record wins),
and is audited one entry per item.

What can go wrong: ``check`` returns problems as ``(field, message)``;
``put`` raises ``Forbidden`` (an existing item the user may not replace),
which the importer reports against the record's line.
"""

from . import access, audit, workflow
from .errors import Forbidden, ValidationError


class ShellImport:
    """No acting user: items are published; one audit entry per file, by ``actor``."""

    def __init__(self, actor="catalogue import", address=None):
        self.actor = actor
        self.address = address

    def start(self, add_bodies):
        """Before anything is read: nothing to refuse from the shell."""

    def check(self, item, raw):
        return []

    def put(self, tx, item, *, replace, source):
        return tx.put(item, replace=replace)

    def finish(self, tx, source, added, updated):
        if added or updated:
            audit.record(tx, self.actor, "import", address=self.address,
                         details={"file": source, "added": added, "updated": updated})


class StaffImport:
    """An upload by ``user``: scope, state and confidentiality check by the staff rules."""

    def __init__(self, store, user, *, secrecy_checked_by=None, address=None):
        access.require_active(user)
        self.store = store
        self.user = user
        self.actor = user["name"]
        self.secrecy = (secrecy_checked_by or "").strip() or None
        self.address = address
        self._scope = access.scope_of(store, user)

    def start(self, add_bodies):
        if add_bodies:
            access.can_manage_users(self.user)

    def check(self, item, raw):
        """Problems of one valid record for this user; notes its confidentiality check in ``item``."""
        # An admin's scope is every body, including those --add-bodies is about to add.
        if self.user["role"] != access.ADMIN and item["issuer"] not in self._scope:
            return [("issuer", f'"{item["issuer"]}" is outside what {self.actor} may write '
                               "(their body and those under it)")]
        try:
            # The record's own name first, else the one typed for the whole upload.
            secrecy = workflow.note_text(workflow.secrecy_from(None, raw, self.secrecy), "secrecy_checked_by")
        except ValidationError as exc:     # a name over workflow.NOTE_LIMITS
            return [(p.field, p.message) for p in exc.problems]
        if not secrecy:
            return [("secrecy_checked_by", "is required to submit or publish: name who did the "
                                           "confidentiality review (保密审查)")]
        item["secrecy_checked_by"] = secrecy
        return []

    def put(self, tx, item, *, replace, source):
        body = item["issuer"]
        old = self.store.get(item["index_no"]) if replace and item["index_no"] else None
        if old is not None:
            if old["status"] == workflow.WITHDRAWN:
                raise Forbidden(f'restore: "{old["index_no"]}" is withdrawn; an admin restores it '
                                "before it can be replaced")
            access.can_write(self.store, self.user, body, old)
        status = workflow.initial_status(self.store, self.user, body)
        columns = workflow.start_columns(self.user, status, item.get("secrecy_checked_by"))
        stored = tx.put(item, replace=replace, status=status, workflow=columns)
        audit.record(tx, self.user, "import", item=stored, address=self.address,
                     details={"file": source, "status": status, "replaced": old is not None,
                              "secrecy_checked_by": columns.get("secrecy_checked_by")})
        return stored

    def finish(self, tx, source, added, updated):
        """Each item has its own entry already."""
