"""Long facet lists: with a province's ~300 bodies the body facet shows each level's top entries.

The rest are in the page but hidden (``hidden``) until "show all", a link
(``facet_all=issuer``) that works without JavaScript; a ticked body and the
bodies above it are always shown.
"""

from facet_fixtures import BODIES, province_home
from web.facetlists import TREE_TOP
from web_fixtures import app_fixture, client  # noqa: F401 (pytest fixtures)

app = app_fixture(province_home)


def issuer_facet(client, **params):  # noqa: F811
    return client.get("/search", {"q": "政务公开", **params}).html.select_one("#facet-issuer")


def shown(facet):
    """The body names a visitor sees: entries not hidden themselves nor inside a hidden one."""
    out = []
    for li in facet.select("li"):
        if not any(node.has_attr("hidden") for node in [li, *li.find_parents("li")]):
            out.append(li.select_one("input")["value"])
    return out


def test_the_registry_has_a_provinces_three_hundred_bodies():
    assert len(BODIES) == 300


def test_the_body_facet_shows_at_most_the_top_entries_of_each_level(client):  # noqa: F811
    facet = issuer_facet(client)
    assert len(facet.select("li")) == 300                 # all of them are in the page, for the script
    visible = shown(facet)
    assert len(visible) <= TREE_TOP + TREE_TOP ** 2 + TREE_TOP ** 3
    for ul in facet.select("ul"):
        siblings = ul.find_all("li", recursive=False)
        assert len([li for li in siblings if not li.has_attr("hidden")]) <= TREE_TOP


def test_the_top_entries_of_a_level_are_its_largest(client):  # noqa: F811
    facet = issuer_facet(client)
    top_level = facet.select_one("ul").find("li").find("ul").find_all("li", recursive=False)

    def count(li):
        return int(li.select_one(".count").text.split()[0])
    visible = [count(li) for li in top_level if not li.has_attr("hidden")]
    hidden = [count(li) for li in top_level if li.has_attr("hidden")]
    assert hidden and min(visible) >= max(hidden)


def test_show_all_is_a_link_that_works_without_javascript(client):  # noqa: F811
    link = issuer_facet(client).select_one("a[data-show-all]")
    assert "显示全部（300 项）" == link.text and "facet_all=issuer" in link["href"]
    facet = client.get(link["href"]).html.select_one("#facet-issuer")
    assert len(shown(facet)) == 300
    assert facet.select_one(".more a").text == "收起"


def test_a_ticked_body_deep_in_the_tree_is_shown_with_the_bodies_above_it(client):  # noqa: F811
    hidden = [li for li in issuer_facet(client).select("li[hidden]") if li.find_parent("li", hidden=True)]
    deep = hidden[-1].select_one("input")["value"]
    facet = issuer_facet(client, issuer=deep)
    visible = shown(facet)
    assert deep in visible
    parents = {b["name"]: b.get("parent") for b in BODIES}
    above = parents[deep]
    while above:
        assert above in visible
        above = parents[above]


def test_the_body_facet_offers_a_filter_box_to_the_script(client):  # noqa: F811
    facet = issuer_facet(client)
    assert facet.has_attr("data-findable") and facet["data-find"] == "查找发布机构"


def test_submitting_the_form_keeps_the_facet_shown_whole(client):  # noqa: F811
    page = client.get("/search", {"q": "政务公开", "facet_all": "issuer"})
    kept = [i["value"] for i in page.html.select("input[type=hidden][name=facet_all]")]
    assert kept == ["issuer"]
