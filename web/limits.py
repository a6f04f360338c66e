"""How large a request body may be: the server's limit for every request, the write API's own.

``MAX_BODY_BYTES`` is what waitress reads at most (``web.serve``): a longer
body is answered 413 before it is buffered. It is above the staff upload's
own limit (``web.staff.uploads.MAX_BYTES``, 20 MB) plus the form around it,
which the app explains itself. ``API_BODY_MAX`` is the write API's
(``web.staff.routing.request_json``): a whole item at the limits of
``catalogue.items`` as JSON, every character escaped, fits several times
over. The OpenAPI document publishes both.

What can go wrong: nothing; these are numbers.
"""

MAX_BODY_BYTES = 32 * 1024 * 1024
API_BODY_MAX = 4 * 1024 * 1024
