"""Long facet lists folded to their top entries: the rest hidden until "show all".

With ~300 issuing bodies (a real province) the body facet would fill the
page. Each sibling list of the body tree keeps its ``TREE_TOP`` largest
entries (by items, the bodies below included) and a flat facet its first
``FLAT_TOP``; the others are marked ``extra`` (the page renders them with
the ``hidden`` attribute, so they are there for the script's "show all" and
its filter box, and out of sight without it). A ticked entry, and every body
above a ticked one, is never hidden. ``facet_all=<name>`` in the page's URL
shows a facet whole (the "show all" link without JavaScript).

What can go wrong: nothing raises.
"""

TREE_TOP = 5        # entries shown of each level of the body tree
FLAT_TOP = 10       # entries shown of a flat facet (years, topics, genres)
ALL = "facet_all"   # the page parameter naming a facet shown whole


def fold_tree(nodes, top=TREE_TOP):
    """Mark the entries beyond each level's ``top`` as ``extra``; returns how many nodes the tree has."""
    wanted = {id(n) for n in sorted(nodes, key=lambda n: -n["total"])[:top]}
    size = 0
    for node in nodes:
        size += 1 + fold_tree(node["children"], top)
        node["extra"] = id(node) not in wanted and not _holds_checked(node)
    return size


def _holds_checked(node):
    return node.get("checked") or any(_holds_checked(c) for c in node["children"])


def fold_options(options, top=FLAT_TOP):
    """Mark the options after the first ``top`` (but the ticked ones) as ``extra``."""
    for i, option in enumerate(options):
        option["extra"] = i >= top and not option.get("checked")
    return len(options)


def unfold_tree(nodes):
    for node in nodes:
        node["extra"] = False
        unfold_tree(node["children"])


def count_extra(group):
    """How many entries of a facet group are hidden."""
    if "tree" in group:
        def walk(nodes):
            return sum(n["extra"] + walk(n["children"]) for n in nodes)
        return walk(group["tree"])
    return sum(o["extra"] for o in group["options"])
