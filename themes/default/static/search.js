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
  var tokens = {}, docs = {}, waiting = {};

  window.SB = {
    t: function (b, map) { tokens[b] = map; ready('t' + b); },
    d: function (n, list) { docs[n] = list; ready('d' + n); }
  };

  function ready(key) {
    var callbacks = waiting[key] || [];
    delete waiting[key];
    callbacks.forEach(function (f) { f(); });
  }

  function loaded(key) {
    return key.charAt(0) === 't' ? tokens[key.slice(1)] !== undefined : docs[key.slice(1)] !== undefined;
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
    var left = keys.length;
    if (!left) { callback(); return; }
    keys.forEach(function (k) { load(k, function () { if (--left === 0) callback(); }); });
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

  function intersect(lists) {
    lists.sort(function (a, b) { return a.length - b.length; });
    return lists[0].filter(function (id) {
      return lists.every(function (l) { return l.indexOf(id) >= 0; });
    });
  }

  function show(q, found, total) {
    box.textContent = '';
    var p = document.createElement('p');
    p.className = 'result-count';
    p.textContent = total === 0 ? '没有找到“' + q + '”。' : '找到 ' + total + ' 条与“' + q + '”有关的结果' + (total > found.length ? '，显示前 ' + found.length + ' 条' : '') + '：';
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

  function search(raw) {
    var q = normalize(raw);
    if (!q) { box.textContent = ''; return; }
    var toks = queryTokens(q);
    if (!toks.length) { show(raw, [], 0); return; }
    var pinyin = toks[0].indexOf('py:') === 0;
    loadAll(toks.map(function (t) { return 't' + bucket(t); }).filter(function (k, i, a) { return a.indexOf(k) === i; }), function () {
      var lists = toks.map(function (t) { var m = tokens[bucket(t)]; return (m && m[t]) || []; });
      var ids = intersect(lists).sort(function (a, b) { return a - b; });
      var shards = ids.map(function (id) { return 'd' + Math.floor(id / SHARD); }).filter(function (k, i, a) { return a.indexOf(k) === i; });
      loadAll(shards, function () {
        var hits = [];
        ids.forEach(function (id) {
          var d = (docs[Math.floor(id / SHARD)] || [])[id % SHARD];
          if (!d) return;
          var ok = pinyin ? d[4].indexOf(q) === 0 : normalize(d[1]).indexOf(q) >= 0;
          if (ok) hits.push(d);
        });
        show(raw, hits.slice(0, MAX_SHOWN), hits.length);
      });
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
