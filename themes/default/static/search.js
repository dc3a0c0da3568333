/* 星级公开栏 search: a precomputed, sharded index loaded with <script> tags, so it works
   offline and from file://. No dependencies. See src/render/search.rs for the index format. */
(function () {
  'use strict';
  var box = document.getElementById('search-results');
  if (!box) return;
  var root = box.getAttribute('data-root') || '';
  var BUCKETS = +box.getAttribute('data-buckets') || 1;
  var SHARD = +box.getAttribute('data-doc-shard') || 1000;
  var MAX_SHOWN = 100;
  var tokens = {}, blocks = {}, docs = {}, waiting = {}, current = 0;

  /* Ids are written as the first and the gaps: [3,1,5] is 3, 4, 9. */
  function undelta(list) {
    var out = new Array(list.length), id = 0;
    for (var i = 0; i < list.length; i++) out[i] = id += list[i];
    return out;
  }

  window.SB = {
    t: function (b, map) { tokens[b] = map; ready('t' + b); },
    p: function (n, list) { blocks[n] = undelta(list); ready('p' + n); },
    d: function (n, list) { docs[n] = list; ready('d' + n); }
  };

  function ready(key) {
    var callbacks = waiting[key] || [];
    delete waiting[key];
    callbacks.forEach(function (f) { f(); });
  }

  function store(key) {
    var c = key.charAt(0);
    return c === 't' ? tokens : c === 'p' ? blocks : docs;
  }

  function loaded(key) {
    return store(key)[key.slice(1)] !== undefined;
  }

  function load(key, callback) {
    if (loaded(key)) { callback(); return; }
    if (waiting[key]) { waiting[key].push(callback); return; }
    waiting[key] = [callback];
    var s = document.createElement('script');
    s.src = root + 'search/' + key.charAt(0) + '-' + key.slice(1) + '.js';
    s.onerror = function () { ready(key); };
    document.head.appendChild(s);
  }

  function loadAll(keys, callback) {
    keys = keys.filter(function (k, i, a) { return a.indexOf(k) === i; });
    var left = keys.length;
    if (!left) { callback(); return; }
    keys.forEach(function (k) { load(k, function () { if (--left === 0) callback(); }); });
  }

  function doc(id) {
    return (docs[Math.floor(id / SHARD)] || [])[id % SHARD];
  }

  /* Loads the document shards of these ids (only theirs). */
  function loadDocs(ids, callback) {
    loadAll(ids.map(function (id) { return 'd' + Math.floor(id / SHARD); }), callback);
  }

  /* A token's postings from its bucket: a short list whole; a long one as its length n, its head
     (first ids) and the first id and number of each further block (search/p-N.js). */
  function postings(v) {
    if (Array.isArray(v)) return { n: v.length, head: undelta(v), starts: [], keys: [] };
    var head = undelta(v.h);
    return {
      n: v.n,
      head: head,
      starts: v.x.map(function (x) { return x[0]; }),
      keys: v.x.map(function (x) { return 'p' + x[1]; })
    };
  }

  /* Part j of a list: 0 is the head, j > 0 block j (undefined until loaded). */
  function part(l, j) {
    return j === 0 ? l.head : blocks[l.keys[j - 1].slice(1)];
  }

  /* The part of l that would hold id, or -1. */
  function partOf(l, id) {
    if (!l.head.length || id < l.head[0]) return -1;
    var lo = 0, hi = l.starts.length;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (l.starts[mid - 1] <= id) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function has(l, id) {
    var j = partOf(l, id);
    var ids = j < 0 ? null : part(l, j);
    if (!ids) return false;
    var lo = 0, hi = ids.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (ids[mid] === id) return true;
      if (ids[mid] < id) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }

  /* FNV-1a over UTF-8 bytes, as bucket() in search.rs. */
  function bucket(token) {
    var bytes = new TextEncoder().encode(token), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % BUCKETS;
  }

  function normalize(q) {
    return q.replace(/\s+/g, '').toLowerCase();
  }

  /* Character pairs for Chinese (one character alone when the query is one character);
     `py:` + initials for Latin letters. */
  function queryTokens(q) {
    if (/^[a-z0-9]+$/.test(q)) return q.length < 2 ? [] : ['py:' + q.slice(0, 6)];
    var cs = Array.from(q);
    if (cs.length === 1) return cs;
    var out = [];
    for (var i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
    return out;
  }

  function show(q, found, total) {
    box.textContent = '';
    var p = document.createElement('p');
    p.className = 'result-count';
    /* total < 0: more than shown, how many more was not counted (see search()). */
    p.textContent = total === 0 ? '没有找到“' + q + '”。'
      : (total < 0 ? '找到超过 ' + found.length : '找到 ' + total) + ' 条与“' + q + '”有关的结果'
        + (total < 0 || total > found.length ? '，显示前 ' + found.length + ' 条' : '') + '：';
    box.appendChild(p);
    if (!found.length) return;
    var ol = document.createElement('ol');
    ol.className = 'result-list';
    found.forEach(function (d) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + d[3];
      a.textContent = d[1];
      var kind = document.createElement('span');
      kind.className = 'result-kind';
      kind.textContent = d[0];
      li.appendChild(a);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(kind);
      if (d[2]) {
        var ctx = document.createElement('span');
        ctx.className = 'result-context';
        ctx.textContent = d[2];
        li.appendChild(document.createTextNode(' '));
        li.appendChild(ctx);
      }
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  /* Ranking is by id (places first), so the first page of results is the first hits in id
     order. A query of one token that needs no check (one or two characters, up to six pinyin
     initials) shows the head of its list: one bucket and the document shards of 100 ids. Longer
     queries walk the shortest list part by part, keep the ids that every other list holds
     (loading only the blocks those ids fall in), check the names in rank order (loading only
     the document shards checked) and stop at the first hit past the page. */
  function search(raw) {
    var gen = ++current;
    var q = normalize(raw);
    if (!q) { box.textContent = ''; return; }
    var toks = queryTokens(q);
    if (!toks.length) { show(raw, [], 0); return; }
    var pinyin = toks[0].indexOf('py:') === 0;
    var exact = toks.length === 1 && (!pinyin || q.length <= 6);
    function matches(d) { return pinyin ? d[4].indexOf(q) === 0 : normalize(d[1]).indexOf(q) >= 0; }
    function done(found, total) { if (gen === current) show(raw, found, total); }
    loadAll(toks.map(function (t) { return 't' + bucket(t); }), function () {
      var lists = [];
      for (var i = 0; i < toks.length; i++) {
        var m = tokens[bucket(toks[i])];
        if (!m || !Object.prototype.hasOwnProperty.call(m, toks[i])) { done([], 0); return; }
        lists.push(postings(m[toks[i]]));
      }
      lists.sort(function (a, b) { return a.n - b.n; });
      var walk = lists[0], others = lists.slice(1);
      if (exact) {
        var ids = walk.head.slice(0, MAX_SHOWN);
        loadDocs(ids, function () { done(ids.map(doc).filter(Boolean), walk.n); });
        return;
      }
      var hits = [], j = 0;
      function nextPart() {
        if (hits.length > MAX_SHOWN || j > walk.keys.length) {
          done(hits.slice(0, MAX_SHOWN), hits.length > MAX_SHOWN ? -1 : hits.length);
          return;
        }
        loadAll(j === 0 ? [] : [walk.keys[j - 1]], function () {
          var cands = part(walk, j++) || [];
          var need = {};
          others.forEach(function (l) {
            cands.forEach(function (id) { var k = partOf(l, id); if (k > 0) need[l.keys[k - 1]] = true; });
          });
          loadAll(Object.keys(need), function () {
            check(cands.filter(function (id) { return others.every(function (l) { return has(l, id); }); }), 0);
          });
        });
      }
      function check(ids, i) {
        if (i >= ids.length || hits.length > MAX_SHOWN) { nextPart(); return; }
        var chunk = ids.slice(i, i + MAX_SHOWN + 1 - hits.length);
        loadDocs(chunk, function () {
          chunk.forEach(function (id) { var d = doc(id); if (d && matches(d)) hits.push(d); });
          check(ids, i + chunk.length);
        });
      }
      nextPart();
    });
  }

  var input = document.getElementById('search-q');
  var form = input && input.form;
  if (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      search(input.value);
      if (window.history && history.replaceState) history.replaceState(null, '', '?q=' + encodeURIComponent(input.value));
    });
  }
  var q = new URLSearchParams(window.location.search).get('q');
  if (q && input) {
    input.value = q;
    search(q);
  }
})();
