/* Filter page: industry × method family × recommending unit × year × organisation type, scale and
   central-SOE status (+ keyword) over
   window.SHOWCASE_CATALOG (assets/javascripts/catalog.js, written at build time; no fetch, so it works
   from file://). The state is kept in the URL hash (#industry=C&method=pdca…) so a filtered list can be
   reloaded, bookmarked and shared. The DOM is built with textContent only: catalog text never becomes HTML. */
(function () {
  "use strict";

  var FACETS = [
    { key: "industry", select: "sc-f-industry", all: "全部行业" },
    { key: "method", select: "sc-f-method", all: "全部方法" },
    { key: "recommender", select: "sc-f-recommender", all: "全部推荐单位" },
    { key: "year", select: "sc-f-year", all: "全部年度" },
    // Taken from the 申报表; hidden when no experience has a value (older catalogs, unpublished fields).
    { key: "type", select: "sc-f-type", all: "全部组织类型", hideEmpty: true },
    { key: "scale", select: "sc-f-scale", all: "全部规模", hideEmpty: true },
    { key: "soe", select: "sc-f-soe", all: "全部", hideEmpty: true }
  ];
  var NO_INDUSTRY = "-";
  var SOE = { yes: "央企", no: "非央企" };

  function soeValue(exp) {
    if (exp.central_soe === true) return "yes";
    if (exp.central_soe === false) return "no";
    return "";
  }

  function byId(id) { return document.getElementById(id); }

  function siteBase() {
    // Material writes the page's relative path to the site root into #__config.
    try {
      var base = JSON.parse(byId("__config").textContent).base || ".";
      return base.replace(/\/$/, "") + "/";
    } catch (e) {
      return "./";
    }
  }

  function normalise(text) {
    var s = String(text == null ? "" : text);
    if (s.normalize) s = s.normalize("NFKC");
    return s.toLowerCase().replace(/\s+/g, "");
  }

  /* Facet values of one experience, as option keys. */
  function valuesOf(exp, key) {
    if (key === "industry") return [exp.industry_code || NO_INDUSTRY];
    if (key === "method") return (exp.method_ids || []).map(String);
    if (key === "recommender") return exp.recommender ? [String(exp.recommender)] : [];
    if (key === "year") return exp.year != null && exp.year !== "" ? [String(exp.year)] : [];
    if (key === "type") return exp.organization_type ? [String(exp.organization_type)] : [];
    if (key === "scale") return exp.organization_scale ? [String(exp.organization_scale)] : [];
    if (key === "soe") return soeValue(exp) ? [soeValue(exp)] : [];
    return [];
  }

  /* Option list for a facet: [{value, label}] in catalog order, labels from the experiences. */
  function optionsFor(catalog, key) {
    var labels = {};
    var order = [];
    function add(value, label) {
      if (!(value in labels)) { labels[value] = label; order.push(value); }
    }
    if (key === "industry") {
      (catalog.industries || []).forEach(function (i) { if (i.code) add(String(i.code), i.name || i.code); });
    } else if (key === "method") {
      (catalog.methods || []).forEach(function (m) { if (m.id) add(String(m.id), m.name || m.id); });
    } else if (key === "recommender") {
      (catalog.recommenders || []).forEach(function (r) { if (r.name) add(String(r.name), r.name); });
    } else if (key === "year") {
      (catalog.years || []).forEach(function (y) { if (y.year != null) add(String(y.year), y.year + "年"); });
    } else if (key === "type" || key === "scale") {
      // The catalog lists only values some experience has, in the data file's order.
      (catalog[key === "type" ? "organization_types" : "organization_scales"] || []).forEach(function (t) {
        if (t.name && t.count) add(String(t.name), String(t.name));
      });
    } else if (key === "soe") {
      ["yes", "no"].forEach(function (v) {
        if (catalog.experiences.some(function (exp) { return soeValue(exp) === v; })) add(v, SOE[v]);
      });
    }
    catalog.experiences.forEach(function (exp) {
      if (key === "industry") add(exp.industry_code || NO_INDUSTRY, exp.industry || "待定");
      if (key === "method") {
        (exp.method_ids || []).forEach(function (id, i) { add(String(id), (exp.methods || [])[i] || id); });
      }
      if (key === "recommender" && exp.recommender) add(String(exp.recommender), exp.recommender);
      if (key === "year" && exp.year != null && exp.year !== "") add(String(exp.year), exp.year + "年");
      if (key === "type" || key === "scale") valuesOf(exp, key).forEach(function (v) { add(v, v); });
    });
    return order.map(function (value) { return { value: value, label: labels[value] }; });
  }

  function matches(exp, state, except) {
    for (var i = 0; i < FACETS.length; i++) {
      var key = FACETS[i].key;
      if (key === except || !state[key]) continue;
      if (valuesOf(exp, key).indexOf(state[key]) < 0) return false;
    }
    if (state.q) {
      var hay = normalise([exp.title, exp.organization, exp.team, exp.recommender, exp.industry,
        (exp.methods || []).join(" "), exp.description].join(" "));
      var words = state.q.split(/\s+/).filter(Boolean);
      for (var w = 0; w < words.length; w++) {
        if (hay.indexOf(normalise(words[w])) < 0) return false;
      }
    }
    return true;
  }

  function readState(hidden) {
    var state = { q: "" };
    FACETS.forEach(function (f) { state[f.key] = ""; });
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    Object.keys(state).forEach(function (key) {
      // A hidden select cannot show or clear its condition, so a stale link must not apply it.
      if (!hidden[key]) state[key] = (params.get(key) || "").trim();
    });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (key) { if (state[key]) params.set(key, state[key]); });
    var hash = params.toString();
    var url = location.href.replace(/#.*$/, "") + (hash ? "#" + hash : "");
    try {
      history.replaceState(null, "", url);
    } catch (e) {
      location.hash = hash; // very old browsers, or replaceState refused on file://
    }
  }

  function fillSelect(select, all, options, counts, current) {
    while (select.firstChild) select.removeChild(select.firstChild);
    var first = document.createElement("option");
    first.value = "";
    first.textContent = all;
    select.appendChild(first);
    options.forEach(function (opt) {
      var n = counts[opt.value] || 0;
      if (!n && opt.value !== current) return; // keep the list short: only reachable choices
      var el = document.createElement("option");
      el.value = opt.value;
      el.textContent = opt.label + "（" + n + "）";
      select.appendChild(el);
    });
    select.value = current;
    if (select.value !== current) select.value = "";
  }

  function chip(text, cls) {
    var el = document.createElement("span");
    el.className = "sc-chip " + cls;
    el.textContent = text;
    return el;
  }

  function card(exp, base) {
    var li = document.createElement("li");
    li.className = "sc-card";
    var a = document.createElement("a");
    a.className = "sc-card__link";
    a.href = base + String(exp.url || "").replace(/^\//, "");
    a.textContent = exp.title || exp.slug;
    li.appendChild(a);
    var meta = document.createElement("span");
    meta.className = "sc-card__meta";
    meta.textContent = [exp.organization, exp.team].filter(Boolean).join(" · ");
    li.appendChild(meta);
    var sub = document.createElement("span");
    sub.className = "sc-card__sub";
    sub.textContent = [exp.recommender, exp.year ? exp.year + "年" : "", exp.organization_type,
      exp.organization_scale].filter(Boolean).join(" · ");
    li.appendChild(sub);
    var chips = document.createElement("span");
    chips.className = "sc-chips";
    if (exp.industry) chips.appendChild(chip(exp.industry, "sc-chip--industry"));
    (exp.methods || []).forEach(function (m) { chips.appendChild(chip(m, "sc-chip--method")); });
    li.appendChild(chips);
    return li;
  }

  /* The conditions in force, for the chips and the panel's badge: [{key, label}]. */
  function chosen(state, options) {
    var list = [];
    FACETS.forEach(function (f) {
      if (!state[f.key]) return;
      var opt = (options[f.key] || []).filter(function (o) { return o.value === state[f.key]; })[0];
      list.push({ key: f.key, label: f.label + "：" + (opt ? opt.label : state[f.key]) });
    });
    if (state.q) list.push({ key: "q", label: "关键词：" + state.q });
    return list;
  }

  function countText(found, total) {
    if (!found) return "共 0 项：没有符合条件的经验，请放宽条件或清除全部条件。";
    return found === total ? "共 " + total + " 项经验" : "共 " + found + " 项经验（全部 " + total + " 项）";
  }

  /* After a choice on a phone the list must show: scroll so the count and the first result are on
     screen below the sticky header, unless they already are. */
  function bringResultsIntoView(status, list) {
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var first = list.firstElementChild || status;
    var box = first.getBoundingClientRect();
    var statusTop = status.getBoundingClientRect().top;
    if (statusTop >= top && box.top < window.innerHeight - 48) return;
    window.scrollBy(0, statusTop - top - 8);
  }

  function start() {
    var form = byId("sc-filter");
    var count = byId("sc-f-count");
    var list = byId("sc-f-results");
    if (!form || !count || !list) return;
    var catalog = window.SHOWCASE_CATALOG;
    if (!catalog || !Array.isArray(catalog.experiences)) {
      count.textContent = "经验目录未能载入，请从“按行业”“按方法”页面浏览。";
      return;
    }
    var base = siteBase();
    var options = {};
    var hidden = {};
    FACETS.forEach(function (f) {
      options[f.key] = optionsFor(catalog, f.key);
      f.label = byId(f.select).parentNode.querySelector("label").textContent;
      if (f.hideEmpty && !options[f.key].length) {
        hidden[f.key] = true;
        var field = byId(f.select).parentNode;
        field.hidden = true;
        field.style.display = "none"; // the theme's display:flex would override [hidden]
      }
    });
    var query = byId("sc-f-q");
    var toggle = byId("sc-f-toggle");
    var grid = byId("sc-f-grid");
    var active = byId("sc-f-active");
    var chips = byId("sc-f-chosen");
    var reset = byId("sc-f-reset");
    var status = byId("sc-f-status");

    function openPanel(open) {
      grid.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function clearOne(key) {
      if (key === "q") query.value = "";
      else FACETS.forEach(function (f) { if (f.key === key) byId(f.select).value = ""; });
      update();
    }

    function showChosen(state) {
      var conditions = chosen(state, options);
      while (chips.firstChild) chips.removeChild(chips.firstChild);
      conditions.forEach(function (c) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sc-chip sc-filter__chip";
        button.textContent = c.label + " ×";
        button.setAttribute("aria-label", "去掉条件 " + c.label);
        button.addEventListener("click", function () { clearOne(c.key); });
        li.appendChild(button);
        chips.appendChild(li);
      });
      var facets = conditions.filter(function (c) { return c.key !== "q"; }).length;
      active.textContent = facets ? "（已选 " + facets + " 项）" : "";
      reset.hidden = !conditions.length;
    }

    function render(state) {
      FACETS.forEach(function (f) {
        var counts = {};
        catalog.experiences.forEach(function (exp) {
          if (!matches(exp, state, f.key)) return;
          valuesOf(exp, f.key).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
        });
        fillSelect(byId(f.select), f.all, options[f.key], counts, state[f.key]);
      });
      if (query.value !== state.q) query.value = state.q;
      var found = catalog.experiences.filter(function (exp) { return matches(exp, state, null); });
      while (list.firstChild) list.removeChild(list.firstChild);
      found.forEach(function (exp) { list.appendChild(card(exp, base)); });
      count.textContent = countText(found.length, catalog.experiences.length);
      count.setAttribute("data-count", String(found.length));
      showChosen(state);
    }

    function current() {
      var state = { q: query.value.trim() };
      FACETS.forEach(function (f) { state[f.key] = byId(f.select).value; });
      return state;
    }

    function update() {
      var state = current();
      writeState(state);
      render(state);
    }

    FACETS.forEach(function (f) {
      byId(f.select).addEventListener("change", function () {
        update();
        bringResultsIntoView(status, list);
      });
    });
    query.addEventListener("input", update);
    reset.addEventListener("click", function () {
      query.value = "";
      FACETS.forEach(function (f) { byId(f.select).value = ""; });
      update();
    });
    window.addEventListener("hashchange", function () { render(readState(hidden)); });
    var first = readState(hidden);
    // Open on wide screens; on a phone it stays folded (the chips show a link's conditions), so the
    // results are on the first screen.
    var wide = window.matchMedia && window.matchMedia("(min-width: 60em)").matches;
    toggle.addEventListener("click", function () { openPanel(grid.hidden); });
    if (wide) openPanel(true);
    render(first);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
