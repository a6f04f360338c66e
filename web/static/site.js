/* Progressive enhancement only: every page works without this file.
   - ticking a filter or changing the sort order searches at once (the Apply button is then hidden);
   - on a narrow screen the filter list starts folded unless a filter is active;
   - the search box offers completions from /api/suggest;
   - a long facet unfolds in place ("show all") and the body facet gets a filter box. */
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

  // Long facets: "show all" unfolds the hidden entries in place (the link loads them without JS);
  // a box over the body names shows the bodies matching it, with the bodies above them.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-show-all]");
    if (!link) { return; }
    event.preventDefault();
    var facet = link.closest("fieldset");
    facet.querySelectorAll("li[data-extra]").forEach(function (li) { li.hidden = false; });
    link.parentNode.hidden = true;
  });
  document.querySelectorAll("fieldset[data-findable]").forEach(function (facet) {
    var id = facet.id + "-find";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.className = "vh";
    label.textContent = facet.getAttribute("data-find");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "find";
    input.placeholder = facet.getAttribute("data-find");
    input.autocomplete = "off";
    var none = document.createElement("p");
    none.className = "hint";
    none.hidden = true;
    none.setAttribute("role", "status");
    var tree = facet.querySelector("ul");
    facet.insertBefore(label, tree);
    facet.insertBefore(input, tree);
    facet.insertBefore(none, tree);
    var more = facet.querySelector("a[data-show-all]");
    function show(li, words) {
      var name = li.querySelector("label").textContent.toLowerCase();
      var found = name.indexOf(words) >= 0;
      var below = li.querySelectorAll(":scope > ul > li");
      for (var i = 0; i < below.length; i++) {
        if (show(below[i], words)) { found = true; }
      }
      li.hidden = words ? !found : (li.hasAttribute("data-extra") && !(more && more.parentNode.hidden));
      return found;
    }
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase();
      var any = false;
      tree.querySelectorAll(":scope > li").forEach(function (li) { if (show(li, words)) { any = true; } });
      none.hidden = !words || any;
      none.textContent = none.hidden ? "" : facet.getAttribute("data-find-none");
      if (more && more.parentNode.hidden !== true) { more.parentNode.style.display = words ? "none" : ""; }
    });
  });

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
