/* Progressive enhancement only: every page works without this file.
   - ticking a filter or changing the sort order searches at once (the Apply button is then hidden);
   - on a narrow screen the filter list starts folded unless a filter is active;
   - the search box offers completions from /api/suggest. */
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (!form || !window.fetch) { return; }
  document.documentElement.className += " js";

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.hasAttribute && target.hasAttribute("data-autosubmit")) {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  });

  var facets = document.querySelector("details.facets");
  if (facets && window.matchMedia("(max-width: 47.99rem)").matches &&
      !document.querySelector(".facets input:checked")) {
    facets.removeAttribute("open");
  }

  var box = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  var timer = null, asked = "";
  if (!box || !list) { return; }
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = box.value.trim();
      if (!text || text === asked) { return; }
      asked = text;
      var url = form.getAttribute("action").replace(/\/search$/, "/api/suggest") +
                "?q=" + encodeURIComponent(text);
      fetch(url, { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          list.textContent = "";
          (data.suggestions || []).forEach(function (word) {
            var option = document.createElement("option");
            option.value = word;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are a nicety; the search still works */ });
    }, 250);
  });
}());
