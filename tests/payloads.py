"""Hostile text for the tests: markup, script, template, XML, SQL and spreadsheet injections.

``PAYLOADS`` maps a short name to a text that would do harm if a page, a
feed, a file or a query took it for anything but text. Each is wrapped in
Chinese words (``in_words``) so it also lands in search results, snippets
and highlights, where the words around it are marked. ``HOSTILE_BODY`` is
an issuing body whose very name is one (the body registry is input too).
"""

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img_onerror": '"><img src=x onerror=alert(1)>',
    "svg_onload": "<svg/onload=alert(1)>",
    "attribute_single": "' onmouseover='alert(1)' x='",
    "attribute_double": '" onfocus="alert(1)" autofocus="',
    "javascript_url": "javascript:alert(1)",
    "close_textarea": "</textarea><script>alert(1)</script>",
    "close_title": "</title><script>alert(1)</script>",
    "template": "{{7*7}}${7*7}<%= 7*7 %>",
    "template_end": "%>{{!'<b>bold</b>'}}",
    "cdata_end": "]]><x>CDATA</x>",
    "entity": "&#x3C;script&#x3E;alert(1)&lt;/script&gt;&amp;",
    "comment": "<!-- --><script>alert(1)</script>",
    "rtl_override": "\u202egnp.exe\u202c",
    "line_separator": "第一行\u2028第二行\u2029第三行",
    "sql": "' OR 1=1 --",
    "sql_union": "\"; DROP TABLE items; --",
    "csv_formula": "=cmd|' /C calc'!A0",
    "csv_hyperlink": '=HYPERLINK("http://evil.example","点击")',
    "backslash": "\\\"\\'\\u003cscript\\u003e",
    "null_like": "%00%0d%0aSet-Cookie: x=1",
}

# Words around each payload: the search finds them, the highlighter marks them.
WORD = "公开测试"


def in_words(payload):
    """``payload`` between the words a search for ``WORD`` finds."""
    return f"{WORD}{payload}通知"


HOSTILE_BODY = '宾县"><img src=x onerror=alert(1)>局'
HOSTILE_SHORT = "<b>宾县局</b>"
