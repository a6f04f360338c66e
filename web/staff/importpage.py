"""Bulk upload at ``/staff/import``: a file checked in full and previewed, imported only when confirmed.

1. The person uploads a YAML, CSV or JSON Lines file (at most
   ``uploads.MAX_BYTES``) and names who did the confidentiality review
   (保密审查). The file is kept server-side (``web.staff.uploads``) and
   checked by ``catalogue.importer.check_file``, the very checks the import
   makes, for this user: the preview lists every row (title, issuing body,
   date and the state it will get: published, scheduled or submitted, as the
   user's role and the body's review setting give) and every problem by
   row and field, in the visitor's language where the problem has a code.
   A file with problems is not kept: nothing can be imported from it.
2. The confirm form carries only the upload's random token and the
   reviewer's name; ``import_files`` then writes all rows or none in one
   transaction, each item in the state the user's role allows, with the
   name recorded. The page waits until the index holds the new revision and
   sends the browser to the result page (``?done=TOKEN``), which links every
   imported item.

``/staff/import/template.csv`` is the CSV template (``import_template``).

What can go wrong: a file too large (413), empty or of an unknown type, a
file the reader cannot read at all or with problems (400, the preview names
them); a token that is malformed, unknown, expired or another user's (400:
upload again); a confirmation while the same upload is being imported
(409). ``Forbidden`` from the rules (a disabled user) is the error page.
"""

from urllib.parse import quote

import bottle

from catalogue import audit, clock, importer, workflow
from catalogue.errors import ValidationError

from .. import i18n, messages
from . import auth, uploads
from .import_template import FILE_NAME, FILE_NAME_ZH, template_csv
from .routing import STAFF_HEADERS, Redirect, login_url, staff_page

PATH = "/staff/import"
TEMPLATE_PATH = "/staff/import/template.csv"
FILE_FIELD = "file"
SECRECY_FIELD = "secrecy_checked_by"
INDEX_WAIT = 5.0        # seconds the result waits for the index (read your writes)
_OWN_LABELS = {None: "import_whole_row", "header": "import_header", SECRECY_FIELD: "import_secrecy"}


def _root(app):
    return uploads.root_of(app.settings.catalogue_home())


def _form_text(name):
    return (bottle.request.forms.getunicode(name) or "").strip()


def _page(step, *, status=200, error=None, **data):
    """The template's data: which ``step`` (upload, preview, done) and an ``error`` (key, values)."""
    bottle.response.status = status
    page = {"ok": status < 400, "step": step, "error": error, "secrecy": "", "preview": None,
            "result": None, "limit_mb": uploads.MAX_BYTES // (1024 * 1024), "formats": ".csv, .yaml, .yml, .jsonl"}
    page.update(data)
    return page


def field_label(lang, field):
    """A problem's field as the visitor reads it."""
    if field in _OWN_LABELS:
        return i18n.text(lang, _OWN_LABELS[field])
    return messages.label(lang, field)


def said(lang, problem):
    """What is wrong: in the visitor's language when the problem has a code, else as the check wrote it."""
    return messages.describe(lang, problem) if problem.code else problem.message


def _shown(value):
    if value is None or isinstance(value, str):
        return value
    return str(value)


def _of_whole_file(problem):
    return problem.line is None or problem.field == "header"


def preview_rows(lang, records, items, problems):
    """One row per line of the file that holds an item or a problem, in file order."""
    rows = {}
    for record in records:
        raw = record.data if isinstance(record.data, dict) else {}
        rows[record.line] = {"line": record.line, "title": _shown(raw.get("title")),
                             "issuer": _shown(raw.get("issuer")), "publish_date": _shown(raw.get("publish_date")),
                             "state": None, "problems": []}
    for found in items:
        item = found["item"]
        rows[found["line"]].update(title=item["title"], issuer=item["issuer"], publish_date=item["publish_date"],
                                   state=workflow.state_of(dict(item, status=found["status"])))
    for problem in problems:
        if _of_whole_file(problem):
            continue
        row = rows.setdefault(problem.line, {"line": problem.line, "title": None, "issuer": None,
                                             "publish_date": None, "state": None, "problems": []})
        row["problems"].append({"field": field_label(lang, problem.field), "text": said(lang, problem)})
    for row in rows.values():
        if row["problems"]:
            row["state"] = None         # a row with a problem gets no state: nothing is imported
    return [rows[line] for line in sorted(rows)]


def _preview(app, user, upload, secrecy, *, extra_problems=()):
    """Check the kept file for ``user`` and build the preview; a file with problems is discarded."""
    lang = app.lang()
    try:
        checked = importer.check_file(app.store, upload.path, user=user, secrecy_checked_by=secrecy or None)
    except ValidationError as exc:          # the file cannot be read at all
        checked = {"records": [], "items": [], "problems": list(exc.problems), "warnings": []}
    problems = checked["problems"] or list(extra_problems)
    rows = preview_rows(lang, checked["records"], checked["items"], problems)
    states = [row["state"] for row in rows if row["state"]]
    preview = {"file": upload.meta["name"], "rows": rows,
               "file_problems": [{"field": field_label(lang, p.field), "text": said(lang, p)}
                                 for p in problems if _of_whole_file(p)],
               "problem_count": len(problems), "problem_rows": sum(1 for row in rows if row["problems"]),
               "states": {state: states.count(state) for state in dict.fromkeys(states)},
               "token": None if problems else upload.token}
    if problems:
        uploads.discard(upload)     # nothing can come of it: the person fixes the file and uploads again
    return _page("preview", status=400 if problems else 200, preview=preview, secrecy=secrecy)


def _close_spooled():
    """Close the temporary files bottle spooled a large request into, now rather than at collection."""
    request = bottle.request
    for sent in request.files.values():
        sent.file.close()
    request.environ["wsgi.input"].close()


def _upload(app, user, root):
    try:
        return _check_upload(app, user, root)
    finally:
        _close_spooled()


def _check_upload(app, user, root):
    secrecy = _form_text(SECRECY_FIELD)
    sent = bottle.request.files.get(FILE_FIELD)
    if sent is None or not sent.raw_filename:
        return _page("upload", status=400, error=("import_no_file", {}), secrecy=secrecy)
    if not secrecy:
        return _page("upload", status=400, error=("import_secrecy_needed", {}))
    try:
        upload = uploads.save(root, user, sent.file, sent.raw_filename, details={"secrecy": secrecy})
    except uploads.UploadRefused as refused:
        return _page("upload", status=refused.status, error=(refused.key, refused.values), secrecy=secrecy)
    return _preview(app, user, upload, secrecy)


def _imported(app, user, upload, since):
    """The items this upload's import wrote (its audit entries), in file order, as the result lists them."""
    entries = [e for e in audit.entries(app.store, since=since, user=user["name"], action="import")
               if e["details"].get("file") == str(upload.path)]
    shown = []
    for entry in reversed(entries):
        item = app.store.get(entry["index_no"])
        if item is not None:
            shown.append({"index_no": item["index_no"], "title": item["title"], "issuer": item["issuer"],
                          "publish_date": item["publish_date"], "state": workflow.state_of(item)})
    return shown


def _confirm(app, user, root):
    upload = uploads.find(root, user, bottle.request.forms.get("token"))
    if upload is None:
        return _page("upload", status=400, error=("import_gone", {}))
    if uploads.result(upload) is not None:      # sent twice: the first one imported it
        raise Redirect(app.href(PATH, [("done", upload.token)]))
    secrecy = _form_text(SECRECY_FIELD)
    if not secrecy:
        # The preview again, as checked with the name given at upload, asking for the name.
        page = _preview(app, user, upload, upload.meta.get("secrecy"))
        return dict(page, ok=False, secrecy="", error=("import_secrecy_needed", {})) if page["ok"] else page
    if not uploads.claim(upload):
        return _page("upload", status=409, error=("import_busy", {}))
    since = clock.utcnow()
    try:
        summary = importer.import_files(app.store, [upload.path], progress=False, user=user,
                                        secrecy_checked_by=secrecy, address=auth.client_address())
    except ValidationError as refused:
        # Something changed since the preview (another import took an index number): say what.
        uploads.release(upload)
        return _preview(app, user, upload, secrecy, extra_problems=refused.problems)
    except BaseException:
        uploads.release(upload)
        raise
    app.index.wait_for(app.store.revision(), INDEX_WAIT)
    uploads.finish(upload, {"file": upload.meta["name"], "added": summary["added"],
                            "items": _imported(app, user, upload, since)})
    raise Redirect(app.href(PATH, [("done", upload.token)]))


def _done(app, user, root, token):
    upload = uploads.find(root, user, token)
    result = uploads.result(upload) if upload else None
    if result is None:
        return _page("upload", status=404, error=("import_gone", {}))
    return _page("done", result=result)


def import_page(app, user):
    """GET: the upload form, or a result (``?done=``); POST: check and preview, import, or cancel."""
    root = _root(app)
    uploads.sweep(root)
    request = bottle.request
    if request.method == "GET":
        token = request.query.get("done")
        return _done(app, user, root, token) if token else _page("upload")
    action = request.forms.get("action")
    if action == "import":
        return _confirm(app, user, root)
    if action == "cancel":
        upload = uploads.find(root, user, request.forms.get("token"))
        if upload is not None and uploads.claim(upload):
            uploads.discard(upload)
        raise Redirect(app.href(PATH))
    return _upload(app, user, root)


def template_download(app):
    """``/staff/import/template.csv`` for a logged-in user (anonymous: to the login page)."""
    def callback():
        response = bottle.response
        for name, value in STAFF_HEADERS.items():
            response.set_header(name, value)
        user = auth.current_user(app)
        if user is None:
            return bottle.redirect(login_url(app, bottle.request.fullpath), 303)
        response.content_type = "text/csv; charset=utf-8"
        response.set_header("Content-Disposition", f"attachment; filename=\"{FILE_NAME}\"; "
                                                   f"filename*=UTF-8''{quote(FILE_NAME_ZH)}")
        return template_csv(app.store, user)
    return callback


def add_routes(app):
    staff_page(app, PATH, "staff_import", import_page, methods=("GET", "POST"))
    app.route(TEMPLATE_PATH, "GET", template_download(app))
