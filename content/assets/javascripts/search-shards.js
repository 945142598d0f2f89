/* The sharded index of the site's search (written by converters/render/search_shards.py).

   Loaded by search.js when search/index.js turns out to be a manifest (format 2). A query loads,
   each as a <script> (file:// works as http), only what it needs:
   - the gram buckets (search/g/<b>.js) of its terms' 1- and 2-character grams: per page, the best
     field weight and the occurrences, which are the exact score of a 1- or 2-character term and an
     upper bound for a longer one (a page holding the term holds each of its bigrams at least as
     well and as often);
   - the record buckets (search/r/<b>.js) of the query as typed: the titles, teams and organisations
     equal to it (the exact-match bonuses);
   - the entries (search/d/<id>.js) of the pages it shows, and of those it must check.
   Candidates are sorted by their upper bound; a page is checked with search.js's own scoring on its
   entry, and a result is given out only once no unchecked candidate could rank above it. So the
   results and their order are exactly those of the whole index (the reference in the tests). */
(function () {
  "use strict";

  var S = window.ShowcaseSearch;
  var WEIGHTS = [1, 2, 4, 8];
  var LONG_TERM = 4; // terms longer than this use a non-overlapping cover of bigrams
  var CHECK_ALL = 30; // fewer candidates than this: check them all (exact count at once)
  var BATCH_MIN = 4;

  var grams = {};
  var records = {};
  var entries = {};
  var scripts = {};
  window.__showcaseSearchShard = function (b, data) { grams[b] = data || {}; };
  window.__showcaseSearchRecords = function (b, data) { records[b] = data || []; };
  window.__showcaseSearchDoc = function (id, entry) { entries[id] = entry; };

  /* 32-bit FNV-1a over UTF-16 code units, as search_shards.fnv1a. */
  function hash(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i += 1) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }

  function loadScript(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.onload = function () { resolve(); };
        script.onerror = function () {
          delete scripts[src];
          reject(new Error("not loaded: " + src));
        };
        document.head.appendChild(script);
      });
    }
    return scripts[src];
  }

  function unique(list) {
    var seen = {};
    return list.filter(function (x) {
      if (seen[x]) return false;
      seen[x] = true;
      return true;
    });
  }

  /* The grams whose postings bound a term: itself when it has 1 or 2 characters. */
  function termGrams(term) {
    if (term.length <= 2) return [term];
    var out = [];
    var step = term.length > LONG_TERM ? 2 : 1;
    for (var i = 0; i + 2 <= term.length; i += step) out.push(term.slice(i, i + 2));
    if (step === 2 && term.length % 2) out.push(term.slice(term.length - 2));
    return unique(out);
  }

  /* {docId: [weight, hits]} of one gram, from its loaded bucket. */
  function postings(manifest, gram) {
    var flat = (grams[hash(gram) % manifest.g] || {})[gram] || [];
    var out = {};
    var doc = 0;
    for (var i = 0; i + 1 < flat.length; i += 2) {
      doc += flat[i];
      out[doc] = [WEIGHTS[flat[i + 1] & 3], flat[i + 1] >> 2];
    }
    return out;
  }

  /* Per page holding every gram of the term: the smallest weight and count (exact for one gram). */
  function termBound(manifest, term) {
    var lists = termGrams(term).map(function (g) { return postings(manifest, g); });
    var out = lists[0];
    for (var i = 1; i < lists.length; i += 1) {
      var next = {};
      for (var id in out) {
        var other = lists[i][id];
        if (other) next[id] = [Math.min(out[id][0], other[0]), Math.min(out[id][1], other[1])];
      }
      out = next;
    }
    return out;
  }

  function bonuses(manifest, wholes) {
    var out = {};
    unique(wholes).forEach(function (whole) {
      (records[hash(whole) % manifest.r] || []).forEach(function (rec) {
        if (rec[0] === whole) out[rec[1]] = (out[rec[1]] || 0) + (rec[2] === 0 ? S.BONUS_EXACT_TITLE : S.BONUS_EXACT_META);
      });
    });
    return out;
  }

  function Session(index, terms) {
    this.index = index;
    this.terms = terms;
    this.wholes = S.wholesOf(terms);
    this.exactBounds = terms.every(function (t) { return t.length <= 2; });
    this.candidates = [];
    this.next = 0; // first unchecked candidate
    this.pool = []; // checked, not yet given out
    this.given = 0;
  }

  Session.prototype.prepare = function () {
    var self = this;
    var m = this.index.manifest;
    var bucketsOf = function (text) { return hash(text) % m.g; };
    var gramBuckets = unique([].concat.apply([], this.terms.map(termGrams)).map(bucketsOf));
    var recordBuckets = unique(this.wholes.map(function (w) { return hash(w) % m.r; }));
    var loads = gramBuckets.map(function (b) { return loadScript(self.index.base + "g/" + b + ".js"); })
      .concat(recordBuckets.map(function (b) { return loadScript(self.index.base + "r/" + b + ".js"); }));
    return Promise.all(loads).then(function () {
      var bounds = self.terms.map(function (t) { return termBound(m, t); });
      var bonus = bonuses(m, self.wholes);
      for (var id in bounds[0]) {
        var score = 0;
        var hits = 0;
        for (var i = 0; i < bounds.length && score >= 0; i += 1) {
          var b = bounds[i][id];
          if (!b) score = -1;
          else {
            score += b[0];
            hits += b[1];
          }
        }
        if (score < 0) continue;
        var n = Number(id);
        self.candidates.push({ id: n, kind: n < m.e ? "e" : "p", score: score + (bonus[id] || 0), hits: hits });
      }
      self.candidates.sort(function (a, b) { return S.compareKeys(a, a.id, b, b.id); });
      if (!self.exactBounds && self.candidates.length < CHECK_ALL) return self.check(self.candidates.length);
      return null;
    }).then(function () { return self; });
  };

  /* Load and score the next `count` unchecked candidates with search.js's scoring. */
  Session.prototype.check = function (count) {
    var self = this;
    var batch = this.candidates.slice(this.next, this.next + count);
    this.next += batch.length;
    return Promise.all(batch.map(function (c) {
      return loadScript(self.index.base + "d/" + c.id + ".js").then(function () { return c.id; });
    })).then(function (ids) {
      ids.forEach(function (id) {
        var doc = self.index.doc(id);
        var scored = S.scoreDoc(doc, self.terms, self.wholes);
        if (scored) self.pool.push({ doc: doc, kind: doc.kind, score: scored.score, hits: scored.hits });
      });
      self.pool.sort(S.compareResults);
    });
  };

  /* The next `count` results in the whole index's order. */
  Session.prototype.take = function (count) {
    var self = this;
    var out = [];
    function step() {
      while (out.length < count && self.pool.length) {
        var head = self.pool[0];
        var rival = self.candidates[self.next];
        if (rival && S.compareKeys(head, head.doc.order, rival, rival.id) > 0) break;
        out.push(self.pool.shift());
      }
      if (out.length >= count || self.next >= self.candidates.length && !self.pool.length) {
        self.given += out.length;
        return Promise.resolve(out);
      }
      return self.check(Math.max(count - out.length, BATCH_MIN)).then(step);
    }
    return step();
  };

  /* How many results: {count, exact}. */
  Session.prototype.total = function () {
    if (this.exactBounds || this.next >= this.candidates.length) {
      return { count: this.exactBounds ? this.candidates.length : this.given + this.pool.length, exact: true };
    }
    return { count: this.candidates.length, exact: false };
  };

  function ShardedIndex(manifest, base) {
    this.manifest = manifest;
    this.base = base;
    this.prepared = {};
  }

  ShardedIndex.prototype.doc = function (id) {
    if (!this.prepared[id]) {
      this.prepared[id] = S.prepareDoc(entries[id], id);
      delete entries[id];
    }
    return this.prepared[id];
  };

  /* Promise of a session (see search.js): terms, take(count), total(). */
  ShardedIndex.prototype.session = function (query) {
    var terms = S.splitTerms(query);
    var session = new Session(this, terms);
    return terms.length ? session.prepare() : Promise.resolve(session);
  };

  S.ShardedIndex = ShardedIndex;
})();
