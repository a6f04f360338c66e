/* The catalogue's search for other sites (README "Embedding the search"): one <script>, no build step,
   no dependencies, no request to any host but the catalogue, no global but DisclosureSearch.

   <div id="disclosure-search"></div>
   <script src="https://CATALOGUE/widget.js" data-target="#disclosure-search" data-issuer="…" async></script>

   or DisclosureSearch.mount(element, {issuer: [...], year: "2012", lang: "zh-TW", ...}).

   Each widget lives in a shadow root of its own element (<disclosure-search>), which resets every
   inherited property (all: initial), so the host page's CSS cannot reach in and ours cannot leak out;
   theming goes through the --ds-* custom properties only. The catalogue segments Chinese and folds
   Traditional to Simplified on the server (/api/search); this script only asks and shows.
   No innerHTML anywhere: highlights are split on <mark> and their (escaped) text decoded, so a page
   with Trusted Types works too. The server fills in SERVER (interface text in web/i18n.py, limits). */
(function (window, document) {
  "use strict";
  var perf = window.performance;
  if (perf && perf.mark) { perf.mark("disclosure-search:loaded"); }

  var SERVER = {};  // replaced by the catalogue when it serves /widget.js (web/widget/routes.py)
  var TEXT = SERVER.text || {};
  var FACETS = ["issuer", "year"];
  var SHOWN_VALUES = 8;   // facet values shown before "show all"
  var SUGGEST_DELAY = 150;
  var LANG_TAGS = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en"};

  var CSS = [
    ":host{all:initial!important;display:block!important}",
    ":host([hidden]){display:none!important}",
    ".ds{font-family:var(--ds-font,system-ui,-apple-system,\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\"," +
      "\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",sans-serif);font-size:var(--ds-font-size,medium);line-height:1.6;" +
      "color:var(--ds-text,#1b1b1b);background:var(--ds-background,#fff);padding:var(--ds-padding,0);" +
      "text-align:start;overflow-wrap:anywhere}",
    ".ds *,.ds *::before,.ds *::after{box-sizing:border-box}",
    "[hidden]{display:none!important}",
    ".label{display:block;font-weight:bold;margin:0 0 .25em}",
    ".row{display:flex;gap:.5em}",
    ".combo{position:relative;flex:1 1 auto;min-width:0}",
    ".q{display:block;width:100%;margin:0;font:inherit;color:inherit;background:var(--ds-background,#fff);" +
      "padding:.45em .6em;border:2px solid var(--ds-border,#555);border-radius:var(--ds-radius,4px)}",
    "button{font:inherit;margin:0;cursor:pointer;border-radius:var(--ds-radius,4px)}",
    ".go{flex:none;padding:.4em 1em;border:2px solid var(--ds-accent,#0a4a8f);background:var(--ds-accent,#0a4a8f);" +
      "color:var(--ds-accent-text,#fff)}",
    ":focus-visible{outline:3px solid var(--ds-focus,#c24e00);outline-offset:2px}",
    ".list{position:absolute;z-index:10;left:0;right:0;top:100%;margin:2px 0 0;padding:.25em 0;list-style:none;" +
      "background:var(--ds-background,#fff);border:1px solid var(--ds-border,#555);" +
      "border-radius:var(--ds-radius,4px);" +
      "box-shadow:0 4px 12px rgba(0,0,0,.18);max-height:20em;overflow:auto}",
    ".list li{padding:.3em .6em;cursor:pointer}",
    ".list li:hover{background:var(--ds-hover,#eef3f9)}",
    ".list li[aria-selected=true]{background:var(--ds-accent,#0a4a8f);color:var(--ds-accent-text,#fff)}",
    ".status{margin:.5em 0;color:var(--ds-muted,#4a4a4a);font-size:.9em}",
    ".dym{margin:.25em 0 .75em}",
    ".main{display:flex;flex-wrap:wrap;gap:0 1.5em}",
    ".facets{flex:1 1 13em;min-width:0}",
    ".results{flex:999 1 20em;min-width:0}",
    ".results:focus{outline:none}",
    "fieldset{border:0;margin:0 0 1em;padding:0;min-width:0}",
    "legend{font-weight:bold;padding:0;margin:0 0 .25em}",
    "ul,ol{list-style:none;margin:0;padding:0}",
    ".facets li{margin:.15em 0}",
    ".facets label{cursor:pointer}",
    ".facets input{margin:0 .4em 0 0;width:1em;height:1em;vertical-align:-.1em;accent-color:var(--ds-accent,#0a4a8f)}",
    ".count{color:var(--ds-muted,#4a4a4a);font-size:.85em;white-space:nowrap}",
    ".hit{margin:0 0 1em}",
    "a{color:var(--ds-accent,#0a4a8f);text-decoration:underline}",
    ".title{font-weight:bold}",
    ".meta{margin:.15em 0;color:var(--ds-muted,#4a4a4a);font-size:.85em;display:flex;flex-wrap:wrap;gap:0 1em}",
    ".validity{color:#8a1c1c;font-weight:bold}",
    ".snippet{margin:.15em 0;font-size:.9em}",
    "mark{background:var(--ds-mark,#ffe770);color:inherit;padding:0 .05em}",
    ".link{border:0;background:none;padding:0;color:var(--ds-accent,#0a4a8f);text-decoration:underline}",
    ".pages{display:flex;flex-wrap:wrap;align-items:center;gap:.5em;margin:.5em 0}",
    ".pages button{padding:.2em .75em;border:1px solid var(--ds-border,#555);background:var(--ds-background,#fff);" +
      "color:var(--ds-accent,#0a4a8f)}",
    ".pages button:disabled{cursor:default;color:var(--ds-muted,#4a4a4a);border-style:dashed}",
    ".more{margin:.5em 0 0}",
    ".empty{border-left:4px solid var(--ds-accent,#0a4a8f);padding:.25em 1em;margin:.5em 0}",
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
  ].join("\n");

  // -- small helpers ------------------------------------------------------------------------------
  function h(tag, props, kids) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (name) {
      var value = props[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = value; }
      else if (name.slice(0, 2) === "on") { node.addEventListener(name.slice(2), value); }
      else { node.setAttribute(name, value === true ? "" : value); }
    });
    (kids || []).forEach(function (kid) {
      if (kid !== null && kid !== undefined) {
        node.appendChild(typeof kid === "string" ? document.createTextNode(kid) : kid);
      }
    });
    return node;
  }

  function list(value) {
    // "甲,乙" (also 、 or ，), or an array: the values, trimmed, empty ones dropped.
    if (value === undefined || value === null || value === "") { return []; }
    var parts = Array.isArray(value) ? value : String(value).split(/[,，、]/);
    return parts.map(function (part) { return String(part).trim(); }).filter(Boolean);
  }

  function pickLang(asked) {
    var tag = String(asked || document.documentElement.lang || "").toLowerCase();
    if (/^zh-(hant|tw|hk|mo)/.test(tag)) { return "zh-Hant"; }
    if (/^en\b/.test(tag)) { return "en"; }
    return "zh-Hans";   // zh, zh-CN, zh-Hans, zh-SG, or a language the catalogue does not speak
  }

  function say(lang, key, values) {
    var text = (TEXT[lang] || {})[key] || key;
    values = values || {};
    if (Array.isArray(text)) {   // an English (one, other) pair
      var count = values.n !== undefined ? values.n : values.total;
      text = text[count === 1 ? 0 : 1];
    }
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values[name] !== undefined ? String(values[name]) : whole;
    });
  }

  function decode(text) {
    var named = {amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'"};
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, function (whole, name) {
      if (name.charAt(0) !== "#") { return named[name.toLowerCase()]; }
      var code = name.charAt(1).toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    });
  }

  function marked(html) {
    // The server's highlight: everything escaped but <mark>…</mark>; made into nodes, never parsed as HTML.
    var out = document.createDocumentFragment(), inside = false;
    String(html).split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>" || part === "</mark>") { inside = part === "<mark>"; return; }
      if (part) { out.appendChild(inside ? h("mark", {text: decode(part)}) : document.createTextNode(decode(part))); }
    });
    return out;
  }

  function query(pairs) {
    return pairs.map(function (pair) {
      return encodeURIComponent(pair[0]) + "=" + encodeURIComponent(pair[1]);
    }).join("&");
  }

  function getJSON(url) {
    return window.fetch(url, {mode: "cors", credentials: "omit", headers: {Accept: "application/json"}})
      .then(function (answer) {
        return answer.json().then(function (data) {
          if (!answer.ok) { throw new Error(data && data.error || "HTTP " + answer.status); }
          return data;
        });
      });
  }

  function yearRanges(values) {
    // ["2012", "2010..2011"] -> [[2012, 2012], [2010, 2011]]; the server judges them, this only filters facets.
    return values.map(function (text) {
      var m = /^\s*(\d{4})\s*(?:\.\.\s*(\d{4})\s*)?$/.exec(text);
      if (!m) { return [-Infinity, Infinity]; }
      var a = +m[1], b = +(m[2] || m[1]);
      return [Math.min(a, b), Math.max(a, b)];
    });
  }

  function shortcut(spec) {
    // "/" or "ctrl+k": a test for keydown events, and its aria-keyshortcuts spelling.
    if (!spec) { return null; }
    var parts = String(spec).toLowerCase().split("+"), key = parts.pop() || "+", mods = {};
    parts.forEach(function (part) { mods[{control: "ctrl", cmd: "meta", command: "meta"}[part] || part] = true; });
    var names = ["ctrl", "alt", "shift", "meta"].filter(function (m) { return mods[m]; });
    var aria = names.map(function (m) { return {ctrl: "Control", alt: "Alt", shift: "Shift", meta: "Meta"}[m]; });
    return {
      aria: aria.concat(key.length === 1 ? key.toUpperCase() : key).join("+"),
      plain: !mods.ctrl && !mods.alt && !mods.meta,
      test: function (event) {
        return !!event.key && event.key.toLowerCase() === key && !!mods.ctrl === event.ctrlKey &&
          !!mods.alt === event.altKey && !!mods.meta === event.metaKey && (!mods.shift || event.shiftKey);
      }
    };
  }

  function editable(node) {
    return !!node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName || ""));
  }

  // -- options ----------------------------------------------------------------------------------
  var SCRIPT = document.currentScript;
  var BASE = SCRIPT && SCRIPT.src ? SCRIPT.src.replace(/\/widget\.js([?#].*)?$/, "") : "";

  function fromData(node) {
    var d = (node && node.dataset) || {}, out = {};
    ["target", "issuer", "year", "facets", "perPage", "lang", "open", "placeholder", "shortcut", "query",
     "catalogue", "frame"].forEach(function (name) {
      if (d[name] !== undefined) { out[name] = d[name]; }
    });
    return out;
  }

  function settle(given) {
    var facets = given.facets;
    if (facets === undefined || facets === true || facets === "" || facets === "true") { facets = FACETS; }
    else if (facets === false || facets === "false" || facets === "none") { facets = []; }
    else { facets = list(facets).filter(function (name) { return FACETS.indexOf(name) >= 0; }); }
    var perPage = parseInt(given.perPage, 10);
    var most = SERVER.per_page_max || 100;
    return {
      base: String(given.catalogue || BASE).replace(/\/+$/, ""),
      issuer: list(given.issuer), year: list(given.year), facets: facets,
      perPage: perPage >= 1 ? Math.min(perPage, most) : null,
      lang: pickLang(given.lang),
      newTab: given.open === "new-tab",
      frame: given.frame === true || given.frame === "true",
      placeholder: given.placeholder ? String(given.placeholder) : "",
      shortcut: shortcut(given.shortcut),
      query: given.query ? String(given.query) : ""
    };
  }

  // -- one widget -------------------------------------------------------------------------------
  var bodiesOf = {};   // catalogue base -> promise of its body registry (shared by the widgets of a page)

  function Widget(target, options) {
    this.options = options;
    this.target = target;
    this.host = h("disclosure-search");
    this.root = this.host.attachShadow({mode: "open"});
    this.state = {query: "", page: 1, chosen: {issuer: [], year: []}, seq: 0, typing: 0, asked: "", active: -1,
                  open: {}, result: null};
    this.style();
    this.build();
    target.appendChild(this.host);
    if (options.shortcut) {
      this.onKey = this.jump.bind(this);
      document.addEventListener("keydown", this.onKey);
    }
    if (options.query) { this.box.value = options.query; this.search(options.query, 1); }
  }

  Widget.prototype.t = function (key, values) { return say(this.options.lang, key, values); };

  Widget.prototype.style = function () {
    // A constructed sheet is not inline style to a Content-Security-Policy; <style> is the fallback.
    if (this.root.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      this.root.adoptedStyleSheets = [sheet];
    } else {
      this.root.appendChild(h("style", {text: CSS}));
    }
  };

  Widget.prototype.build = function () {
    var self = this, o = this.options;
    this.box = h("input", {"class": "q", id: "q", type: "text", role: "combobox", "aria-autocomplete": "list",
                           "aria-expanded": "false", "aria-controls": "list", autocomplete: "off",
                           spellcheck: "false", enterkeyhint: "search", maxlength: SERVER.query_max || null,
                           placeholder: o.placeholder || null,
                           "aria-keyshortcuts": o.shortcut ? o.shortcut.aria : null,
                           oninput: function () { self.typed(); },
                           onkeydown: function (event) { self.key(event); },
                           onblur: function () { self.close(); }});
    this.list = h("ul", {"class": "list", id: "list", role: "listbox", "aria-label": this.t("widget_suggestions"),
                         hidden: true,
                         onmousedown: function (event) { event.preventDefault(); },   // keep focus in the box
                         onclick: function (event) {
                           var option = event.target.closest("li");
                           if (option) { self.choose(+option.getAttribute("data-i")); }
                         }});
    this.status = h("p", {"class": "status", role: "status"});
    this.dym = h("p", {"class": "dym", hidden: true});
    this.facets = h("div", {"class": "facets"});
    this.hits = h("ol", {"class": "hits"});
    this.pages = h("nav", {"class": "pages", "aria-label": this.t("pagination"), hidden: true});
    this.more = h("p", {"class": "more"});
    this.results = h("div", {"class": "results", tabindex: "-1"}, [this.hits, this.pages, this.more]);
    this.out = h("div", {"class": "out", hidden: true},
                 [this.dym, h("div", {"class": "main"}, [this.facets, this.results])]);
    var form = h("form", {role: "search", "aria-label": this.t("widget_label"), novalidate: true,
                          onsubmit: function (event) {
                            event.preventDefault();
                            self.settle();
                            self.state.chosen = {issuer: [], year: []};
                            self.search(self.box.value, 1);
                          }}, [
      h("label", {"class": "label", "for": "q", text: this.t("widget_label")}),
      h("div", {"class": "row"}, [h("div", {"class": "combo"}, [this.box, this.list]),
                                  h("button", {"class": "go", type: "submit", text: this.t("search_button")})])
    ]);
    this.root.appendChild(h("div", {"class": "ds", lang: LANG_TAGS[o.lang]}, [form, this.status, this.out]));
  };

  // -- type-ahead (WAI-ARIA combobox with a listbox popup) ---------------------------------------
  Widget.prototype.typed = function () {
    var self = this, asking = ++this.state.typing;
    clearTimeout(this.timer);
    this.mark(-1);
    this.timer = setTimeout(function () {
      var text = self.box.value.trim();
      if (!text) { self.fill([]); return; }
      if (text === self.state.asked) { self.show(); return; }
      self.state.asked = text;
      getJSON(self.options.base + "/api/suggest?" + query([["q", text]])).then(function (data) {
        // Late answers are dropped: the box changed, or a search has started since.
        if (asking === self.state.typing) { self.fill(data.suggestions || []); }
      }, function () { self.fill([]); });   // suggestions are a nicety; searching still works
    }, SUGGEST_DELAY);
  };

  Widget.prototype.fill = function (words) {
    this.words = words.slice(0, 8);
    this.list.textContent = "";
    this.words.forEach(function (word, i) {
      this.list.appendChild(h("li", {id: "option-" + i, role: "option", "aria-selected": "false", "data-i": i,
                                     text: word}));
    }, this);
    this.mark(-1);
    if (this.words.length && this.box === this.root.activeElement) { this.show(); } else { this.close(); }
  };

  Widget.prototype.show = function () {
    if (!this.words || !this.words.length) { return; }
    this.list.hidden = false;
    this.box.setAttribute("aria-expanded", "true");
  };

  Widget.prototype.settle = function () {
    // A search starts: no suggestion list may open for what was typed before it.
    clearTimeout(this.timer);
    this.state.typing++;
    this.close();
  };

  Widget.prototype.close = function () {
    this.list.hidden = true;
    this.box.setAttribute("aria-expanded", "false");
    this.mark(-1);
  };

  Widget.prototype.mark = function (i) {
    this.state.active = i;
    var options = this.list.children;
    for (var n = 0; n < options.length; n++) { options[n].setAttribute("aria-selected", String(n === i)); }
    if (i >= 0 && options[i]) {
      this.box.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({block: "nearest"});
    } else {
      this.box.removeAttribute("aria-activedescendant");
    }
  };

  Widget.prototype.key = function (event) {
    var count = this.words ? this.words.length : 0, open = !this.list.hidden, i = this.state.active;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) { return; }
      event.preventDefault();
      if (!open) { this.show(); }
      var down = event.key === "ArrowDown";
      this.mark(i < 0 ? (down ? 0 : count - 1) : (i + (down ? 1 : count - 1)) % count);
    } else if (event.key === "Enter" && open && i >= 0) {
      event.preventDefault();
      this.choose(i);
    } else if (event.key === "Escape") {
      if (open) { event.preventDefault(); this.close(); } else if (this.box.value) { this.box.value = ""; }
    } else if (event.key === "Tab") {
      this.close();
    }
  };

  Widget.prototype.choose = function (i) {
    var word = this.words && this.words[i];
    if (word === undefined) { return; }
    this.box.value = word;
    this.state.asked = word;
    this.settle();
    this.box.focus();
    this.state.chosen = {issuer: [], year: []};
    this.search(word, 1);
  };

  Widget.prototype.jump = function (event) {
    var o = this.options, from = event.composedPath ? event.composedPath()[0] : event.target;
    if (!o.shortcut.test(event) || (o.shortcut.plain && editable(from))) { return; }
    event.preventDefault();
    this.box.focus();
    this.box.select();
  };

  // -- searching --------------------------------------------------------------------------------
  Widget.prototype.filters = function (name) {
    // What the widget searches: the facet values ticked (all inside the pre-filter), else the pre-filter.
    var chosen = this.state.chosen[name];
    return chosen.length ? chosen : this.options[name];
  };

  Widget.prototype.params = function (extra) {
    var pairs = [["q", this.state.query]];
    ["issuer", "year"].forEach(function (name) {
      this.filters(name).forEach(function (value) { pairs.push([name, value]); });
    }, this);
    return pairs.concat(extra || []);
  };

  Widget.prototype.scope = function () {
    // The pre-filter's bodies and every body under them (a parent includes its descendants), from /api/bodies.
    var o = this.options;
    if (!o.issuer.length || o.facets.indexOf("issuer") < 0) { return Promise.resolve(null); }
    if (!this.scoped) {
      var base = o.base;
      bodiesOf[base] = bodiesOf[base] || getJSON(base + "/api/bodies");
      this.scoped = bodiesOf[base].then(function (data) {
        var children = {}, named = {}, found = {};
        (data.bodies || []).forEach(function (body) {
          (children[body.parent] = children[body.parent] || []).push(body.name);
          named[body.name] = named[body.short] = body.name;
        });
        var pending = o.issuer.map(function (name) { return named[name] || name; });
        while (pending.length) {
          var one = pending.pop();
          if (!found[one]) { found[one] = true; pending = pending.concat(children[one] || []); }
        }
        return found;
      }, function () { return null; });
    }
    return this.scoped;
  };

  Widget.prototype.search = function (text, page) {
    var self = this, o = this.options, seq = ++this.state.seq;
    this.state.query = String(text || "").trim();
    this.state.page = page;
    var extra = [["page", page]];
    if (o.perPage) { extra.push(["per_page", o.perPage]); }
    this.results.setAttribute("aria-busy", "true");
    Promise.all([getJSON(o.base + "/api/search?" + query(this.params(extra))), this.scope()]).then(function (got) {
      if (seq === self.state.seq) { self.render(got[0], got[1]); }
    }, function (error) {
      if (seq !== self.state.seq) { return; }
      self.results.removeAttribute("aria-busy");
      self.out.hidden = true;
      self.status.textContent = self.t("widget_failed");
      if (window.console) { window.console.warn("DisclosureSearch:", error.message); }
    });
  };

  Widget.prototype.link = function (path, pairs) {
    var o = this.options;
    return h("a", {href: o.base + path + "?" + query(pairs.concat([["lang", o.lang]])),
                   target: o.newTab ? "_blank" : (o.frame ? "_top" : null), rel: o.newTab ? "noopener" : null});
  };

  Widget.prototype.newTab = function (node) {
    if (this.options.newTab) { node.appendChild(h("span", {"class": "vh", text: this.t("widget_new_tab")})); }
    return node;
  };

  Widget.prototype.render = function (result, scope) {
    var self = this, focused = this.root.activeElement, key = focused && focused.getAttribute("data-key");
    this.state.result = result;
    this.results.removeAttribute("aria-busy");
    this.out.hidden = false;
    var total = result.total, first = (result.page - 1) * result.per_page + 1;
    var last = first + result.items.length - 1;
    var said = this.t("result_count", {total: total});
    if (result.items.length) {
      said += last > first ? this.t("result_range", {first: first, last: last})
                           : this.t("result_single", {first: first});
    }
    this.status.textContent = said;
    this.renderSuggestion(result.suggestion);
    this.renderFacets(result.facets || {}, scope);
    this.renderHits(result, first);
    this.renderPages(total, result.page, result.per_page);
    var more = this.link("/search", this.params());
    more.appendChild(document.createTextNode(this.t("widget_more")));
    this.more.textContent = "";
    this.more.appendChild(this.newTab(more));
    var again = key && this.root.querySelector("[data-key=\"" + key.replace(/["\\]/g, "\\$&") + "\"]");
    if (again && !again.disabled) { again.focus(); } else if (key) { this.results.focus(); }
    if (perf && perf.mark) { perf.mark("disclosure-search:results"); }
    self.target.dispatchEvent(new CustomEvent("disclosure-search:results", {detail: {total: total}}));
  };

  Widget.prototype.renderSuggestion = function (suggestion) {
    var self = this;
    this.dym.textContent = "";
    this.dym.hidden = !suggestion;
    if (!suggestion) { return; }
    this.dym.appendChild(document.createTextNode(this.t("did_you_mean") + " "));
    this.dym.appendChild(h("button", {type: "button", "class": "link", "data-key": "dym", text: suggestion,
                                      onclick: function () {
                                        self.box.value = suggestion;
                                        self.search(suggestion, 1);
                                      }}));
  };

  Widget.prototype.renderFacets = function (facets, scope) {
    var self = this, o = this.options;
    this.facets.textContent = "";
    this.facets.hidden = !o.facets.length;
    o.facets.forEach(function (name) {
      var chosen = self.state.chosen[name], ranges = yearRanges(o.year);
      var values = (facets[name] || []).filter(function (f) {
        if (name === "issuer") { return !o.issuer.length || !scope || scope[f.value]; }
        return !o.year.length || ranges.some(function (r) { return f.value >= r[0] && f.value <= r[1]; });
      });
      chosen.forEach(function (value) {
        if (!values.some(function (f) { return String(f.value) === value; })) { values.push({value: value, count: 0}); }
      });
      if (!values.length) { return; }
      var all = self.state.open[name], shown = all ? values : values.slice(0, SHOWN_VALUES);
      var items = shown.map(function (f) {
        var value = String(f.value), id = "f-" + name + "-" + value;
        return h("li", {}, [
          h("input", {type: "checkbox", id: id, value: value, "data-key": id, checked: chosen.indexOf(value) >= 0,
                      onchange: function () { self.toggle(name, value); }}),
          h("label", {"for": id}, [value + " ",
                                   h("span", {"class": "count", text: self.t("count_items", {n: f.count})})])
        ]);
      });
      if (values.length > SHOWN_VALUES) {
        items.push(h("li", {}, [h("button", {type: "button", "class": "link", "data-key": "all-" + name,
                                             "aria-expanded": String(!!all),
                                             text: all ? self.t("widget_fewer")
                                                       : self.t("widget_all", {n: values.length}),
                                             onclick: function () {
                                               self.state.open[name] = !all;
                                               self.renderFacets(facets, scope);
                                               self.root.querySelector("[data-key=\"all-" + name + "\"]").focus();
                                             }})]));
      }
      self.facets.appendChild(h("fieldset", {}, [h("legend", {text: self.t("facet_" + name)}), h("ul", {}, items)]));
    });
  };

  Widget.prototype.toggle = function (name, value) {
    var chosen = this.state.chosen[name], at = chosen.indexOf(value);
    if (at >= 0) { chosen.splice(at, 1); } else { chosen.push(value); }
    this.search(this.state.query, 1);
  };

  Widget.prototype.renderHits = function (result, first) {
    var self = this, labels = TEXT[this.options.lang] || {}, colon = this.options.lang === "en" ? ": " : "：";
    this.hits.textContent = "";
    this.hits.setAttribute("start", first);
    if (!result.items.length) {
      this.hits.appendChild(h("li", {"class": "empty"}, [
        h("strong", {text: this.t("no_results")}), " ", this.t("no_results_hint")]));
      return;
    }
    result.items.forEach(function (hit) {
      var marks = hit.highlights || {};
      var title = self.link("/items/" + hit.index_no.split("/").map(encodeURIComponent).join("/"), []);
      title.className = "title";
      title.appendChild(marks.title ? marked(marks.title) : document.createTextNode(hit.title));
      self.newTab(title);
      var meta = [["issuer", hit.issuer], ["doc_no", hit.doc_no], ["publish_date", hit.publish_date]]
        .filter(function (pair) { return pair[1]; })
        .map(function (pair) { return h("span", {}, [labels["label_" + pair[0]] + colon + pair[1]]); });
      if (hit.validity && hit.validity !== "有效") {
        meta.push(h("span", {"class": "validity", text: hit.validity}));
      }
      self.hits.appendChild(h("li", {"class": "hit", lang: "zh"}, [
        h("div", {}, [title]), h("p", {"class": "meta"}, meta),
        marks.snippet ? h("p", {"class": "snippet"}, [marked(marks.snippet)]) : null]));
    });
  };

  Widget.prototype.renderPages = function (total, page, perPage) {
    var self = this, last = Math.min(Math.ceil(total / perPage), SERVER.page_max || 1000);
    this.pages.textContent = "";
    this.pages.hidden = last <= 1;
    if (last <= 1) { return; }
    function go(key, to, text) {
      return h("button", {type: "button", "data-key": key, disabled: to < 1 || to > last, text: text,
                          onclick: function () { self.search(self.state.query, to); }});
    }
    this.pages.appendChild(go("prev", page - 1, this.t("prev_page")));
    this.pages.appendChild(h("span", {text: this.t("widget_page_of", {page: page, last: last})}));
    this.pages.appendChild(go("next", page + 1, this.t("next_page")));
  };

  Widget.prototype.unmount = function () {
    if (this.onKey) { document.removeEventListener("keydown", this.onKey); }
    clearTimeout(this.timer);
    this.state.seq++;
    if (this.host.parentNode) { this.host.parentNode.removeChild(this.host); }
  };

  // -- the one global ---------------------------------------------------------------------------
  var mounted = typeof WeakMap === "function" ? new WeakMap() : null;

  function mount(target, given) {
    var element = typeof target === "string" ? document.querySelector(target) : target;
    if (!element || !element.appendChild) { throw new Error("DisclosureSearch.mount: no element " + target); }
    var options = settle(Object.assign({}, fromData(element), given || {}));
    if (!options.base) { throw new Error("DisclosureSearch.mount: give options.catalogue, the catalogue's address"); }
    var before = mounted && mounted.get(element);
    if (before) { before.unmount(); }
    var widget = new Widget(element, options);
    if (mounted) { mounted.set(element, widget); }
    return {
      search: function (text) { widget.box.value = text || ""; widget.search(text, 1); },
      unmount: function () { widget.unmount(); if (mounted) { mounted.delete(element); } }
    };
  }

  var api = window.DisclosureSearch;
  if (!api) {
    api = {mount: mount, version: "1"};
    try {
      Object.defineProperty(window, "DisclosureSearch", {value: api, enumerable: true});
    } catch (e) { window.DisclosureSearch = api; }
  }

  // This <script>'s own widget: data-target names where it goes.
  var own = fromData(SCRIPT);
  if (own.target) {
    var start = function () {
      var element = document.querySelector(own.target);
      if (!element) { throw new Error("DisclosureSearch: data-target " + own.target + " matches nothing"); }
      delete own.target;
      api.mount(element, Object.assign({catalogue: BASE}, own));
    };
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
  }
}(window, document));
