/* Full-text search of the showcase: substring matching over the site's index.

   The index (converters/render/search_index.py) holds every page as plain text per section. The
   site ships it in shards (render/search_shards.py; search-shards.js reads them): search/index.js,
   their manifest, is loaded by a <script> element the first time the search box is used, then
   each query loads the few shards it needs the same way, so search works from file:// (the
   offline export) as well as over http, and never asks another host for anything. A whole index
   (format 1, one script) is still read as such: it is the reference the shards must equal.

   Matching: the query is split at spaces; every term must occur somewhere in a page (title,
   byline, headings or text), as a substring, so fragments such as 西格玛 (in 六西格玛) or 部件 (in
   零部件) find their pages. Latin letters match without regard to case, and full-width letters and
   digits (ＰＤＣＡ, ９８％) as their ASCII forms; both sides are folded the same way, one character
   for one, so offsets found in folded text are offsets in the text shown.

   Ranking, per term the best place it occurs: title (8) > team, organisation, recommender,
   industry, methods (4) > section heading (2) > text (1); summed over the terms. A query equal to
   a page's title (+1000) or to an experience's team or organisation (+500) comes first. All
   experiences come before the other pages (browse lists, about), which the box shows under a
   heading, each marked; ties go to more occurrences, then index order.

   The engine (prepare, search) is pure and exposed as window.ShowcaseSearch, so the tests and
   bench/search_recall.py run exactly this code in Chromium. */
(function () {
  "use strict";

  var INDEX_GLOBAL = "__showcaseSearchIndex";
  var MAX_TERMS = 8;
  var MAX_TERM_LENGTH = 64;
  var WEIGHT_TITLE = 8;
  var WEIGHT_META = 4;
  var WEIGHT_HEADING = 2;
  var WEIGHT_TEXT = 1;
  var BONUS_EXACT_TITLE = 1000;
  var BONUS_EXACT_META = 500;
  var COUNT_CAP = 1000; // occurrences counted per term and section
  var PAGE_SIZE = 10; // results rendered at a time (each may need its page's index file)
  var SNIPPET_BEFORE = 24;
  var SNIPPET_LENGTH = 96;
  var HIGHLIGHT_LIMIT = 300; // <mark>s on a page opened from a result
  var META_LABELS = ["team", "org", "rec", "ind", "methods", "year", "facts"];
  var META_WEIGHTS = { team: WEIGHT_META, org: WEIGHT_META, rec: WEIGHT_META, ind: WEIGHT_META,
                       methods: WEIGHT_META, year: WEIGHT_HEADING, facts: WEIGHT_HEADING };
  var EXACT_META = { team: true, org: true };
  // What an experience's result shows under its title: [meta key, label].
  var RESULT_FIELDS = [["team", "班组："], ["org", "单位："], ["ind", "行业："], ["year", "年份："]];

  /* ------------------------------------------------------------------ engine */

  var WIDE = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF05\uFF0B\uFF0D\uFF0E\uFF0F]/g;

  /* Full-width letters, digits and ％＋－．／ to ASCII, then A-Z to a-z: one character for one,
     so that offsets in the folded text are offsets in the original. */
  function fold(text) {
    return String(text || "")
      .replace(WIDE, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
      .replace(/[A-Z]+/g, function (m) { return m.toLowerCase(); });
  }

  function normaliseQuery(query) {
    return fold(query).replace(/[\s\u200b\ufeff]+/g, " ").trim();
  }

  function splitTerms(query) {
    var seen = {};
    var terms = [];
    normaliseQuery(query).split(" ").forEach(function (term) {
      term = term.slice(0, MAX_TERM_LENGTH);
      if (term && !seen[term] && terms.length < MAX_TERMS) {
        seen[term] = true;
        terms.push(term);
      }
    });
    return terms;
  }

  /* One entry of the index ({u, t, k, m, s}) as the engine reads it; `order` breaks ties. */
  function prepareDoc(d, order) {
    var meta = [];
    META_LABELS.forEach(function (key) {
      if (d.m && d.m[key]) meta.push({ key: key, text: String(d.m[key]), fold: fold(d.m[key]) });
    });
    var sections = (d.s || []).map(function (s) {
      return { id: String(s[0] || ""), heading: String(s[1] || ""), text: String(s[2] || ""),
               headingFold: fold(s[1]), textFold: fold(s[2]) };
    });
    var title = String(d.t || "");
    var all = [fold(title)].concat(meta.map(function (m) { return m.fold; }),
      sections.map(function (s) { return s.headingFold + "\n" + s.textFold; })).join("\n");
    return { url: String(d.u || ""), title: title, titleFold: fold(title), kind: d.k === "e" ? "e" : "p",
             meta: meta, sections: sections, all: all, order: order };
  }

  /* The whole index (format 1): every page prepared at once. */
  function prepare(raw) {
    return { docs: ((raw && raw.docs) || []).map(prepareDoc) };
  }

  function count(haystack, needle) {
    var n = 0;
    var at = haystack.indexOf(needle);
    while (at !== -1 && n < COUNT_CAP) {
      n += 1;
      at = haystack.indexOf(needle, at + needle.length);
    }
    return n;
  }

  /* Score of one page, or null when a term occurs nowhere in it. `wholes`: the query as typed
     (terms joined by one space) and without its spaces, for the exact-match bonuses. */
  function scoreDoc(doc, terms, wholes) {
    var score = 0;
    var hits = 0;
    for (var i = 0; i < terms.length; i += 1) {
      var term = terms[i];
      if (doc.all.indexOf(term) === -1) return null; // the quick test: absent from the whole page
      var best = 0;
      if (doc.titleFold.indexOf(term) !== -1) best = WEIGHT_TITLE;
      for (var m = 0; m < doc.meta.length; m += 1) {
        var weight = META_WEIGHTS[doc.meta[m].key] || WEIGHT_TEXT;
        if (weight > best && doc.meta[m].fold.indexOf(term) !== -1) best = weight;
      }
      var found = 0;
      for (var s = 0; s < doc.sections.length; s += 1) {
        var section = doc.sections[s];
        if (best < WEIGHT_HEADING && section.headingFold.indexOf(term) !== -1) best = WEIGHT_HEADING;
        found += count(section.textFold, term);
      }
      if (!best && found) best = WEIGHT_TEXT;
      if (!best) return null;
      score += best;
      hits += found;
    }
    if (wholes.indexOf(doc.titleFold) !== -1) score += BONUS_EXACT_TITLE;
    doc.meta.forEach(function (m) {
      if (EXACT_META[m.key] && wholes.indexOf(m.fold) !== -1) score += BONUS_EXACT_META;
    });
    return { score: score, hits: hits };
  }

  /* The section to link to: the most terms in its heading or text, then (on an experience) a part
     of the text rather than the byline that the result shows anyway, then the most occurrences. */
  function bestSection(doc, terms) {
    var best = null;
    var bestKey = [0, 0, 0];
    doc.sections.forEach(function (section) {
      var matched = 0;
      var found = 0;
      terms.forEach(function (term) {
        var inHeading = section.headingFold.indexOf(term) !== -1;
        var n = count(section.textFold, term);
        if (inHeading || n) matched += 1;
        found += n + (inHeading ? 3 : 0);
      });
      var key = [matched, doc.kind === "e" && !section.id ? 0 : 1, found];
      if (key[0] > bestKey[0] || (key[0] === bestKey[0] && (key[1] > bestKey[1] ||
          (key[1] === bestKey[1] && key[2] > bestKey[2])))) {
        best = section;
        bestKey = key;
      }
    });
    return bestKey[0] ? best : null;
  }

  function wholesOf(terms) {
    return [terms.join(" "), terms.join("")];
  }

  /* Experiences before other pages (lists, about), then score, occurrences, index order. */
  function compareKeys(a, aOrder, b, bOrder) {
    return ((a.kind === "e" ? 0 : 1) - (b.kind === "e" ? 0 : 1)) || (b.score - a.score) ||
      (b.hits - a.hits) || (aOrder - bOrder);
  }

  function compareResults(a, b) {
    return compareKeys({ kind: a.doc.kind, score: a.score, hits: a.hits }, a.doc.order,
                       { kind: b.doc.kind, score: b.score, hits: b.hits }, b.doc.order);
  }

  /* All pages of a whole index holding every term, best first: [{doc, score, hits}]. */
  function search(index, query) {
    var terms = splitTerms(query);
    var results = [];
    if (!index || !terms.length) return { terms: terms, results: results };
    var wholes = wholesOf(terms);
    index.docs.forEach(function (doc) {
      var scored = scoreDoc(doc, terms, wholes);
      if (scored) results.push({ doc: doc, score: scored.score, hits: scored.hits });
    });
    results.sort(compareResults);
    return { terms: terms, results: results };
  }

  /* A query's results, given out in order as the box shows them: the same interface as the
     sharded index's sessions (search-shards.js). */
  function WholeIndex(prepared) {
    this.prepared = prepared;
  }

  WholeIndex.prototype.session = function (query) {
    var found = search(this.prepared, query);
    var given = 0;
    return Promise.resolve({
      terms: found.terms,
      take: function (count) {
        var out = found.results.slice(given, given + count);
        given += out.length;
        return Promise.resolve(out);
      },
      total: function () { return { count: found.results.length, exact: true }; }
    });
  };

  /* [start, end) ranges of every term in `text` (folded), merged. */
  function ranges(textFold, terms) {
    var found = [];
    terms.forEach(function (term) {
      var at = textFold.indexOf(term);
      while (at !== -1 && found.length < 200) {
        found.push([at, at + term.length]);
        at = textFold.indexOf(term, at + term.length);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    found.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /* A window of `text` around the first term found, with "…" where it is cut. */
  function snippet(text, textFold, terms) {
    var first = -1;
    terms.forEach(function (term) {
      var at = textFold.indexOf(term);
      if (at !== -1 && (first === -1 || at < first)) first = at;
    });
    var start = first > SNIPPET_BEFORE ? first - SNIPPET_BEFORE : 0;
    var end = Math.min(text.length, start + SNIPPET_LENGTH);
    return { text: text.slice(start, end), fold: textFold.slice(start, end),
             before: start > 0, after: end < text.length };
  }

  /* ------------------------------------------------------------------ DOM helpers (text only) */

  /* Appends `text` to `parent` with the terms in <mark>; never parses HTML. */
  function appendMarked(parent, text, textFold, terms) {
    var at = 0;
    ranges(textFold, terms).forEach(function (r) {
      if (r[0] > at) parent.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      parent.appendChild(mark);
      at = r[1];
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function element(tag, className) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    return el;
  }

  function joinUrl(base, url) {
    base = String(base || ".").replace(/\/+$/, "");
    return (base ? base + "/" : "") + url;
  }

  function resultHref(base, result, section, terms) {
    var href = joinUrl(base, result.doc.url);
    href += "?h=" + encodeURIComponent(terms.join(" "));
    if (section && section.id) href += "#" + section.id;
    return href;
  }

  function metaText(doc, key) {
    for (var i = 0; i < doc.meta.length; i += 1) if (doc.meta[i].key === key) return doc.meta[i];
    return null;
  }

  /* Browse pages (by industry, method, recommender, year) and the other pages (home, about …). */
  function pageKind(url) {
    return /^(industries|methods|recommenders|years)\//.test(url) ? "浏览页" : "栏目页";
  }

  function groupHeading() {
    var li = element("li", "sc-search-group");
    li.textContent = "浏览页与栏目页";
    return li;
  }

  function renderResult(result, terms, base) {
    var doc = result.doc;
    var section = bestSection(doc, terms);
    var item = element("li", "md-search-result__item");
    item.setAttribute("data-search-result", "");
    var link = element("a", "md-search-result__link");
    link.setAttribute("href", resultHref(base, result, section, terms));
    var article = element("article", "md-search-result__article md-typeset");
    var title = element("h1");
    appendMarked(title, doc.title || doc.url, doc.titleFold || fold(doc.url), terms);
    article.appendChild(title);

    if (doc.kind === "e") {
      var facts = element("p", "sc-search-result__facts");
      RESULT_FIELDS.forEach(function (field) {
        var m = metaText(doc, field[0]);
        if (!m) return;
        var part = element("span", "sc-search-result__fact");
        part.appendChild(document.createTextNode(field[1]));
        appendMarked(part, m.text, m.fold, terms);
        facts.appendChild(part);
      });
      if (facts.childNodes.length) article.appendChild(facts);
    } else {
      var tag = element("span", "sc-search-result__kind");
      tag.textContent = pageKind(doc.url);
      title.insertBefore(tag, title.firstChild);
    }
    if (section && section.heading) {
      var where = element("p", "sc-search-result__where");
      appendMarked(where, section.heading, section.headingFold, terms);
      article.appendChild(where);
    }
    var source = section || doc.sections[0];
    if (source && source.text) {
      var cut = snippet(source.text, source.textFold, section ? terms : []);
      var p = element("p", "sc-search-result__snippet");
      if (cut.before) p.appendChild(document.createTextNode("…"));
      appendMarked(p, cut.text, cut.fold, terms);
      if (cut.after) p.appendChild(document.createTextNode("…"));
      article.appendChild(p);
    }
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  /* ------------------------------------------------------------------ loading */

  var loading = null;

  function formAttr(name) {
    var form = document.querySelector("form[data-sc-search]");
    return form ? form.getAttribute(name) : null;
  }

  function addScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("not loaded: " + src)); };
      document.head.appendChild(script);
    });
  }

  /* The index for a manifest (format 2: search-shards.js, loaded now) or a whole index (format 1). */
  function indexOf(raw, indexSrc, shardsSrc) {
    if (!raw) return Promise.reject(new Error("empty index"));
    if (raw.v !== 2) return Promise.resolve(new WholeIndex(prepare(raw)));
    var base = String(indexSrc || "").replace(/[^/]*$/, "");
    var ready = window.ShowcaseSearch.ShardedIndex ? Promise.resolve() : addScript(shardsSrc);
    return ready.then(function () { return new window.ShowcaseSearch.ShardedIndex(raw, base); });
  }

  /* Promise of the index (session(query) → {terms, take(count), total()}); scripts inserted once. */
  function load(url, shardsUrl) {
    if (loading) return loading;
    var src = url || formAttr("data-index");
    var shards = shardsUrl || formAttr("data-shards");
    var got = window[INDEX_GLOBAL] ? Promise.resolve() : src ? addScript(src) : Promise.reject(new Error("no index"));
    loading = got.then(function () { return indexOf(window[INDEX_GLOBAL], src, shards); });
    loading.then(function () { window[INDEX_GLOBAL] = null; }, function () { loading = null; });
    return loading;
  }

  function summary(r) {
    return { url: r.doc.url, title: r.doc.title, kind: r.doc.kind, score: r.score, hits: r.hits };
  }

  /* For tests and the benchmarks: the first `limit` results (all by default), best first. */
  function query(text, limit) {
    return load().then(function (index) { return index.session(text); }).then(function (session) {
      return session.take(limit || Infinity);
    }).then(function (results) { return results.map(summary); });
  }

  window.ShowcaseSearch = {
    fold: fold, normaliseQuery: normaliseQuery, splitTerms: splitTerms, prepare: prepare,
    prepareDoc: prepareDoc, scoreDoc: scoreDoc, wholesOf: wholesOf, compareKeys: compareKeys,
    compareResults: compareResults, WholeIndex: WholeIndex, summary: summary,
    BONUS_EXACT_TITLE: BONUS_EXACT_TITLE, BONUS_EXACT_META: BONUS_EXACT_META,
    search: search, ranges: ranges, load: load, query: query
  };

  /* ------------------------------------------------------------------ the search box */

  function setup(form) {
    var input = form.querySelector("input[name=q]");
    var toggle = document.getElementById("__search");
    var meta = document.getElementById("sc-search-meta");
    var list = document.getElementById("sc-search-list");
    var more = document.querySelector(".sc-search .sc-search-more");
    var base = form.getAttribute("data-base") || ".";
    var empty = document.getElementById("sc-search-empty");
    var shorter = document.getElementById("sc-search-shorter");
    var index = null;
    var current = { terms: [], session: null, shown: 0, pages: false };
    var timer = null;
    var composing = false;
    var waiting = false; // a run() is queued for when the index arrives
    var runs = 0; // the latest run; older ones drop their results
    var lastRun = Promise.resolve();

    function setOpen(open) {
      if (!toggle || toggle.checked === open) return;
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change")); // Material locks page scrolling on phones
    }

    function say(text) { meta.textContent = text; }

    function start() {
      if (index || waiting) return;
      waiting = true;
      say("正在加载搜索索引…");
      load().then(function (ready) {
        index = ready;
        waiting = false;
        run();
      }, function () {
        waiting = false;
        say("搜索索引加载失败，请刷新页面后重试");
      });
    }

    function clear() {
      list.textContent = "";
      list.removeAttribute("data-query");
      more.hidden = true;
      if (empty) empty.hidden = true;
      current = { terms: [], session: null, shown: 0, pages: false };
    }

    function failed() {
      say("搜索索引加载失败，请刷新页面后重试");
    }

    /* Renders the next results; the first other page gets the group heading. */
    function showMore(token) {
      var session = current.session;
      return session.take(PAGE_SIZE).then(function (next) {
        if (token !== runs) return;
        next.forEach(function (r) {
          if (r.doc.kind !== "e" && !current.pages) {
            current.pages = true;
            list.appendChild(groupHeading());
          }
          list.appendChild(renderResult(r, current.terms, base));
        });
        current.shown += next.length;
        var total = session.total();
        var left = total.count - current.shown;
        more.hidden = left <= 0 || !next.length;
        more.textContent = more.hidden ? "" : total.exact ? "显示更多（还有 " + left + " 项）" : "显示更多";
        say(total.exact ? "找到 " + total.count + " 个页面" : "找到约 " + total.count + " 个页面");
      });
    }

    function showEmpty(terms) {
      if (!empty) return;
      var longest = terms.reduce(function (a, t) { return t.length > a.length ? t : a; }, "");
      if (shorter) {
        shorter.hidden = longest.length <= 2;
        var button = shorter.querySelector("button");
        if (button && longest.length > 2) {
          button.textContent = longest.slice(0, 2);
          button.setAttribute("data-sc-suggest", longest.slice(0, 2));
        }
      }
      empty.hidden = false;
    }

    function run() {
      timer = null;
      var value = input.value;
      var token = (runs += 1);
      clear();
      if (!normaliseQuery(value)) {
        say("输入关键词即可搜索全文；多个词用空格分开");
        return (lastRun = Promise.resolve());
      }
      if (!index) {
        start();
        return (lastRun = Promise.resolve());
      }
      say("正在搜索…");
      lastRun = index.session(value).then(function (session) {
        if (token !== runs) return null;
        current.terms = session.terms;
        current.session = session;
        return showMore(token).then(function () {
          if (token !== runs) return;
          list.setAttribute("data-query", value); // which query the list shows (tests wait for it)
          if (!current.shown) {
            say("没有找到包含“" + normaliseQuery(value) + "”的页面");
            showEmpty(session.terms);
          }
        });
      }).then(null, function () {
        if (token === runs) failed();
      });
      return lastRun;
    }

    function schedule() {
      if (composing) return; // wait for the IME to commit the characters
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, 60);
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
    }

    function go(link) {
      if (link) window.location.href = link.href;
    }

    function close() {
      setOpen(false);
      input.blur();
    }

    input.addEventListener("focus", function () {
      setOpen(true);
      start();
    });
    input.addEventListener("input", schedule);
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; schedule(); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") {
        var all = links();
        if (all.length) {
          ev.preventDefault();
          all[0].focus();
        }
      } else if (ev.key === "Escape") {
        ev.preventDefault();
        close();
      }
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (timer) {
        clearTimeout(timer);
        run();
      }
      lastRun.then(function () { go(links()[0]); });
    });
    form.addEventListener("reset", function () {
      setTimeout(function () {
        run();
        input.focus();
      }, 0);
    });
    more.addEventListener("click", function () {
      var first = current.shown;
      if (!current.session) return;
      showMore(runs).then(function () {
        var all = links();
        if (all[first]) all[first].focus();
      }, failed);
    });
    /* The empty state's suggestions search for what they name. */
    if (empty) {
      empty.addEventListener("click", function (ev) {
        var button = ev.target.closest("button[data-sc-suggest]");
        if (!button) return;
        input.value = button.getAttribute("data-sc-suggest");
        input.focus();
        run();
      });
    }

    /* Arrow keys move through the results; Esc closes; typing goes back to the box. */
    list.addEventListener("keydown", function (ev) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (at === -1) return;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        var next = at + (ev.key === "ArrowDown" ? 1 : -1);
        if (next < 0) input.focus();
        else if (next < all.length) all[next].focus();
        else if (!more.hidden) more.focus();
      } else if (ev.key === "Escape") {
        ev.preventDefault();
        close();
      } else if (ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
        input.focus();
      }
    });
    more.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowUp") {
        ev.preventDefault();
        var all = links();
        if (all.length) all[all.length - 1].focus();
      } else if (ev.key === "Escape") {
        close();
      }
    });

    /* The header's magnifier (phones) and the home page's "搜索全文" button open the search. */
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) {
          start();
          if (document.activeElement !== input) input.focus();
        } else if (document.activeElement === input) {
          input.blur(); // closed by the overlay or the back arrow: the next tap opens it again
        }
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll("label[for='__search'][role='button']"), function (label) {
      label.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          setOpen(true);
          input.focus();
        }
      });
    });
    document.addEventListener("keydown", function (ev) {
      var target = ev.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (ev.key === "/" || ev.key === "s") {
        ev.preventDefault();
        setOpen(true);
        input.focus();
      } else if (ev.key === "Escape" && toggle && toggle.checked) {
        close();
      }
    });
  }

  /* ------------------------------------------------------------------ highlight on arrival */

  /* A page opened from a result (…?h=词) marks the words in its content. */
  function highlightTerms() {
    var params;
    try {
      params = new URLSearchParams(window.location.search);
    } catch (e) {
      return;
    }
    var terms = splitTerms(params.get("h") || "");
    var root = document.querySelector("article.md-content__inner");
    if (!terms.length || !root) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentNode;
        if (!parent || parent.closest("script, style, svg, mark, .headerlink")) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var marks = 0;
    nodes.forEach(function (node) {
      if (marks >= HIGHLIGHT_LIMIT) return;
      var text = node.nodeValue;
      var found = ranges(fold(text), terms);
      if (!found.length) return;
      var fragment = document.createDocumentFragment();
      var at = 0;
      found.forEach(function (r) {
        if (marks >= HIGHLIGHT_LIMIT) return;
        fragment.appendChild(document.createTextNode(text.slice(at, r[0])));
        var mark = element("mark", "sc-search-hl");
        mark.textContent = text.slice(r[0], r[1]);
        fragment.appendChild(mark);
        at = r[1];
        marks += 1;
      });
      fragment.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(fragment, node);
    });
  }

  function init() {
    var form = document.querySelector("form[data-sc-search]");
    if (form) setup(form);
    highlightTerms();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
