"""The staff lists: the user's bodies' items in every state, and the reviewers' queue.

``/staff/items`` lists the items of the bodies in the user's scope
(``catalogue.access.scope_of``: their body and those under it; an admin's:
all), filtered by ``state`` (draft, submitted, rejected, scheduled,
published, withdrawn), ``body`` (that body and those under it) and ``year``,
most recently changed first. With ``q`` it is the public side's Chinese
search (``Index.search`` with a staff ``Scope``), best matches first.
"Scheduled" is not a stored status but a published item dated after today
(``catalogue.workflow.state_of``), so those two states are told apart here,
by date. ``/staff/review`` is ``catalogue.workflow.queue``: the submitted
items the user may approve, oldest first.

What can go wrong: a ``state``, ``body`` or ``year`` that is not one
(``ValidationError`` naming it, with its code), a search parameter the
public search refuses (the same problems as there).
"""

import itertools

from catalogue import access, workflow
from catalogue.clock import CHINA_TIME, china_today, parse
from catalogue.errors import Problem, ValidationError
from index import Scope
from index.params import PAGE_MAX, PER_PAGE_MAX, parse_years

from ..params import parse_search

STATES = (workflow.DRAFT, workflow.SUBMITTED, workflow.REJECTED, workflow.SCHEDULED,
          workflow.PUBLISHED, workflow.WITHDRAWN)
PER_PAGE = 50
_BATCH = 200
# Published and scheduled items share the status ``published``; the date tells them apart.
_DATED = (workflow.PUBLISHED, workflow.SCHEDULED)


def _status_of(state):
    return workflow.PUBLISHED if state in _DATED else state


def list_request(app):
    """The list's parameters: ``{"q", "state", "body", "year", "page"}`` (``year`` as (first, last)).

    What can go wrong: ``ValidationError`` naming each bad parameter.
    """
    pairs = app.query_pairs()
    search = parse_search([(k, v) for k, v in pairs if k in ("q", "year", "page")])
    given = {k: v.strip() for k, v in pairs if k in ("state", "body")}
    problems = []
    state = given.get("state") or None
    if state and state not in STATES:
        problems.append(Problem("state", f'"{state}" is not one of {", ".join(STATES)}',
                                code="not_a_choice", params={"value": state, "choices": list(STATES)}))
    body = None
    if given.get("body"):
        found = app.store.resolve_body(given["body"])
        if found is None:
            problems.append(Problem("body", f'"{given["body"]}" is not in the body registry',
                                    code="unknown_body", params={"value": given["body"]}))
        else:
            body = found["name"]
    if problems:
        raise ValidationError(problems)
    years = search.filters.get("year")
    return {"q": search.query, "state": state, "body": body, "page": search.page,
            "year": parse_years(years[0]) if years else None, "year_text": years[0] if years else ""}


def local_time(stamp):
    """A stored stamp (UTC) as China time, to the minute: the bodies' own clock."""
    try:
        return parse(stamp).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, AttributeError):
        return stamp or ""


def _row(store, user, item, today, marked=None):
    """One line of a list: what it shows and which links it offers."""
    state = workflow.state_of(item, today)
    return {"index_no": item["index_no"], "title": item["title"], "marked": marked,
            "issuer": item["issuer"], "publish_date": item["publish_date"], "state": state,
            "updated": item.get("updated"), "public": workflow.is_public(item, today),
            "editable": item["status"] != workflow.WITHDRAWN
            and access.allows(access.can_write, store, user, item["issuer"], item),
            "submitted_by": item.get("submitted_by"), "submitted_at": local_time(item.get("submitted_at"))}


def _stream(store, bodies, state, year):
    """The items of ``bodies`` in ``state`` and ``year``, most recently changed first, read in batches."""
    statuses = {_status_of(state)} if state else None
    single = year[0] if year and year[0] == year[1] else None
    for offset in itertools.count(0, _BATCH):
        batch = store.find_items(bodies=bodies, statuses=statuses, year=single, limit=_BATCH,
                                 offset=offset)
        for item in batch:
            if year and not year[0] <= int(item["publish_date"][:4]) <= year[1]:
                continue
            if state in _DATED and workflow.state_of(item) != state:
                continue
            yield item
        if len(batch) < _BATCH:
            return


def _browsed(app, user, request, bodies, today):
    start = (request["page"] - 1) * PER_PAGE
    items = list(itertools.islice(_stream(app.store, bodies, request["state"], request["year"]),
                                  start, start + PER_PAGE + 1))
    rows = [_row(app.store, user, item, today) for item in items[:PER_PAGE]]
    return {"rows": rows, "total": None, "more": len(items) > PER_PAGE, "suggestion": None}


def _scheduled_hits(app, query, filters, scope, today):
    """The search's published items dated after today: the first of its newest-first order."""
    found = []
    for page in range(1, PAGE_MAX + 1):
        result = app.index.search(query=query, filters=filters, sort="date", page=page,
                                  per_page=PER_PAGE_MAX, scope=scope)
        for hit in result["items"]:
            if hit["publish_date"] <= today.isoformat():
                return found
            found.append(hit)
        if page * PER_PAGE_MAX >= result["total"]:
            return found
    return found


def _searched(app, user, request, bodies, today):
    state = request["state"]
    filters = {}
    if request["year"]:
        filters["year"] = [request["year"]]
    scope = Scope(bodies=bodies, states={_status_of(state)} if state else None)
    page = request["page"]
    if state == workflow.SCHEDULED:
        every = _scheduled_hits(app, request["q"], filters, scope, today)
        hits, total, suggestion = every[(page - 1) * PER_PAGE:page * PER_PAGE], len(every), None
    else:
        result = app.index.search(query=request["q"], filters=filters, sort="relevance", page=page,
                                  per_page=PER_PAGE, scope=scope)
        hits, total, suggestion = result["items"], result["total"], result.get("suggestion")
        if state == workflow.PUBLISHED:
            later = _scheduled_hits(app, request["q"], filters, scope, today)
            hits = [h for h in hits if h["publish_date"] <= today.isoformat()]
            total -= len(later)
    stored = {item["id"]: item for item in app.store.get_many([h["id"] for h in hits])}
    rows = [_row(app.store, user, stored[h["id"]], today, (h.get("highlights") or {}).get("title"))
            for h in hits if h["id"] in stored]
    return {"rows": rows, "total": total, "more": page * PER_PAGE < total, "suggestion": suggestion}


def list_data(app, user):
    """The ``/staff/items`` page: the filters as given, the rows, and whether there is a next page."""
    request = list_request(app)
    store = app.store
    scope = access.scope_of(store, user)
    bodies = scope & access.bodies_under(store, request["body"]) if request["body"] else scope
    today = china_today()
    found = (_searched if request["q"] else _browsed)(app, user, request, bodies, today)
    return dict(found, ok=True, queue=False, request=request, states=STATES,
                bodies=[b["name"] for b in store.bodies() if b["name"] in scope])


def queue_data(app, user):
    """The ``/staff/review`` page: what waits for this reviewer, oldest first."""
    today = china_today()
    rows = [_row(app.store, user, item, today) for item in workflow.queue(app.store, user)]
    return {"ok": True, "queue": True, "reviewer": user.get("role") in access.REVIEWERS,
            "rows": rows, "total": len(rows), "more": False, "suggestion": None}
