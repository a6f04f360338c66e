"""Results grouped by genre, topic or issuing body, as gov.cn groups its results.

``group_hits`` takes the facet counts of a search's dimension (counted
under the query and every filter) and runs the search again for each of the
largest groups with that one value as the dimension's filter: the group's
exact count and its first items. A body's group is its own items (not
those of the bodies under it), as the issuer facet counts them. When the
request already filters the dimension, only the values it allows are
groups.

What can go wrong: nothing user-visible; the request was checked before.
"""

from dataclasses import replace

from . import search as _search
from .params import FILTER_FIELDS
from .plan import ValueIn

GROUPS_MAX = 10         # groups shown, the largest first
GROUP_HITS = 3          # items shown in each group
_OWN = {"issuer": "issuer_own", "topic": "topic_own", "genre": "genre"}


def group_hits(gen, plan_, request, facets, cache, view, run=_search.run):
    """``[(value, count, [(item id, score), ...])]`` of the largest groups of ``request.group``."""
    name = request.group
    chosen = request.filters.get(name)
    counter = facets[name]
    values = [v for v, n in counter.items() if n > 0 and v and (chosen is None or v in chosen.values)]
    values.sort(key=lambda v: (-counter[v], v))
    out = []
    for value in values[:GROUPS_MAX]:
        filters = dict(request.filters)
        filters[name] = ValueIn(_OWN.get(name, FILTER_FIELDS[name]), frozenset([value]))
        one = replace(request, filters=filters, page=1, per_page=GROUP_HITS, group=None)
        total, hits, _facets = run(gen, plan_, one, cache, view=view)
        if total:
            out.append((value, total, hits))
    return out
