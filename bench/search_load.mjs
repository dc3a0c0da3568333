// What one search loads: runs the site's own `assets/search.js` (not a copy of its logic) in a
// minimal fake DOM under node, once per query, and counts the shard scripts it asks for.
//
//   node bench/search_load.mjs OUTPUT_DIR [QUERY...]
//
// Each `<script src>` that search.js appends is read from OUTPUT_DIR and run in the page's
// context, as a browser would from file://. Prints, per query, the result count the page shows,
// the results listed, the shards loaded (token buckets, posting blocks, document shards) and
// their bytes; then the size of the whole index. With `--json` prints one JSON object instead.
// Exits non-zero when a query shows no result line (search.js failed).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const args = process.argv.slice(2);
const json = args.includes("--json");
const [out, ...queries] = args.filter((a) => a !== "--json");
if (!out) {
  console.error("usage: node bench/search_load.mjs OUTPUT_DIR [QUERY...] [--json]");
  process.exit(2);
}
const searchJs = readFileSync(join(out, "assets/search.js"), "utf8");
const page = readFileSync(join(out, "search/index.html"), "utf8");
const attrs = {};
for (const m of page.matchAll(/data-([a-z-]+)="([^"]*)"/g)) attrs[m[1]] = m[2];

class El {
  constructor(tag) {
    this.tag = tag;
    this.children = [];
    this.attrs = {};
    this._text = "";
  }
  getAttribute(k) {
    return k in this.attrs ? this.attrs[k] : null;
  }
  setAttribute(k, v) {
    this.attrs[k] = String(v);
  }
  appendChild(c) {
    this.children.push(c);
    if (this.onappend) this.onappend(c);
    return c;
  }
  addEventListener() {}
  set textContent(t) {
    this._text = String(t);
    this.children = [];
  }
  get textContent() {
    return this._text + this.children.map((c) => c.textContent).join("");
  }
  querySelectorAll(tag) {
    const found = [];
    const walk = (e) => e.children.forEach((c) => (c.tag === tag && found.push(c), walk(c)));
    walk(this);
    return found;
  }
}

/** Runs search.js for `q`; resolves with what the page shows and what it loaded. */
function run(q) {
  return new Promise((resolve, reject) => {
    const loaded = [];
    let pending = 0;
    const box = new El("div");
    box.attrs = { id: "search-results", ...Object.fromEntries(Object.entries(attrs).map(([k, v]) => ["data-" + k, v])) };
    box.attrs["data-root"] = "../";
    const input = new El("input");
    input.form = new El("form");
    const head = new El("head");
    const document = {
      head,
      getElementById: (id) => (id === "search-results" ? box : id === "search-q" ? input : null),
      createElement: (tag) => new El(tag),
      createTextNode: (t) => Object.assign(new El("#text"), { _text: t }),
    };
    // The context's global object is the page's `window`: search.js sets window.SB, shards call SB.
    const window = { document, location: { search: "?q=" + encodeURIComponent(q) }, history: { replaceState() {} } };
    Object.assign(window, { URLSearchParams, TextEncoder, console });
    window.window = window;
    const ctx = vm.createContext(window);
    const finish = () => {
      const count = box.querySelectorAll("p")[0];
      if (!count) return reject(new Error(`no result line for ${q}`));
      const names = box.querySelectorAll("a").map((a) => a.textContent + " " + a.href);
      resolve({ q, shown: count.textContent, listed: names.length, names, loaded });
    };
    head.onappend = (s) => {
      pending++;
      setImmediate(() => {
        // search.js asks for search/…, relative to the search page (root "../").
        const rel = s.src.replace(/^\.\.\//, "");
        let code;
        try {
          code = readFileSync(join(out, rel), "utf8");
        } catch {
          loaded.push({ file: rel, bytes: 0, missing: true });
          pending--;
          s.onerror && s.onerror();
          return pending || setImmediate(() => pending || finish());
        }
        loaded.push({ file: rel, bytes: Buffer.byteLength(code) });
        vm.runInContext(code, ctx, { filename: rel });
        pending--;
        if (!pending) setImmediate(() => pending || finish());
      });
    };
    vm.runInContext(searchJs, ctx, { filename: "search.js" });
    if (!pending) setImmediate(() => pending || finish());
  });
}

const indexFiles = readdirSync(join(out, "search")).filter((f) => f.endsWith(".js"));
const indexBytes = indexFiles.reduce((s, f) => s + statSync(join(out, "search", f)).size, 0);
const kb = (b) => (b / 1024).toFixed(1) + " KB";
const results = [];
for (const q of queries) {
  const r = await run(q);
  const bytes = r.loaded.reduce((s, l) => s + l.bytes, 0);
  const kinds = {};
  for (const l of r.loaded) kinds[l.file.split("/").pop()[0]] = (kinds[l.file.split("/").pop()[0]] || 0) + 1;
  const files = r.loaded.map((l) => l.file);
  results.push({ query: q, shown: r.shown, listed: r.listed, names: r.names, files: files.length, kinds, bytes, loaded: files });
}
if (json) {
  console.log(JSON.stringify({ index_files: indexFiles.length, index_bytes: indexBytes, queries: results }));
} else {
  for (const r of results) {
    const k = Object.entries(r.kinds).map(([t, n]) => `${t}:${n}`).join(" ");
    console.log(`${r.query}\t${r.shown.replace(/：$/, "")}\tlisted ${r.listed}\tloaded ${r.files} files (${k})\t${kb(r.bytes)}`);
  }
  console.log(`index: ${indexFiles.length} files, ${(indexBytes / 1048576).toFixed(1)} MB`);
}
