// Accessibility and 适老化 audit of a built site in real headless Chromium: axe-core (WCAG 2.x A/AA
// and best practice; any serious or critical violation fails) plus checks axe does not make fully:
// type size, line height, touch targets, lang, heading order, table headers, chart text
// alternatives and a visible keyboard focus outline. See README.md "Accessibility / 适老化".
//
//   node tests/browser/a11y.test.mjs OUTPUT_DIR      (a built site, e.g. output/)
//
// Pages are grouped by type (county, town, village, community, honors, markdown page, search, A–Z
// index, open data, 404, kiosk, poster …). Of each type the first and the largest page are audited
// on a phone (360×740) — A11Y_PAGES=N or A11Y_PAGES=all for more — and the first also on a desktop
// (1280×800); kiosks in portrait 1080×1920 and landscape 1920×1080, every slide in turn, and
// without JavaScript (then every slide is on the page); the search page also with results shown.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { launch, offlinePage, fileUrl, Checks } from "./launch.mjs";

const out = process.argv[2];
if (!out || !existsSync(path.join(out, "index.html"))) {
  console.error("usage: node a11y.test.mjs OUTPUT_DIR (a built site with index.html)");
  process.exit(2);
}
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** axe rule sets run: WCAG 2.0/2.1/2.2 A and AA, and axe's best practices. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const FAIL_IMPACTS = new Set(["serious", "critical"]);
/** Pages audited per type: A11Y_PAGES=all, or N (default 2: the first and the largest). */
const PER_TYPE = process.env.A11Y_PAGES === "all" ? Infinity : Number(process.env.A11Y_PAGES || 2);

/** The first `n` pages to audit of `pages`: the first, then the largest, then the rest in order. */
function sample(pages, n) {
  if (pages.length <= n) return pages;
  const size = (rel) => statSync(path.join(out, rel)).size;
  const largest = pages.slice(1).reduce((a, b) => (size(b) > size(a) ? b : a));
  return [pages[0], largest, ...pages.filter((p) => p !== pages[0] && p !== largest)].slice(0, n);
}

/** A11Y_TYPES=kiosk,town audits only these page types. */
const ONLY = process.env.A11Y_TYPES ? new Set(process.env.A11Y_TYPES.split(",")) : null;

const PHONE = { name: "phone", width: 360, height: 740 };
const DESKTOP = { name: "desktop", width: 1280, height: 800, hasTouch: false };
/**
 * Posters are print pages: audited at the size of their sheet (at 96 px/inch), each paper size
 * on its own; `bodyPt` is the paper's body type (src/render/poster/fit.rs), the least text size.
 */
const POSTER = {
  a4: { name: "poster A4", width: 794, height: 1123, hasTouch: false, bodyPt: 16 },
  a3: { name: "poster A3", width: 1123, height: 1587, hasTouch: false, bodyPt: 21 },
  a2: { name: "poster A2", width: 1587, height: 2245, hasTouch: false, bodyPt: 27 },
};

/** The paper size of the poster page `rel` (`<html class="poster paper-a4">`). */
function posterPaper(rel) {
  return readFileSync(path.join(out, rel), "utf8").match(/<html[^>]* class="poster paper-(a[234])"/)?.[1] || "a3";
}
const KIOSK = [
  { name: "kiosk portrait", width: 1080, height: 1920 },
  { name: "kiosk landscape", width: 1920, height: 1080 },
];

/** Every `.html` file under `dir`, relative, sorted. */
function htmlPages(dir, rel = "") {
  const found = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const sub = path.posix.join(rel, name);
    if (statSync(path.join(dir, sub)).isDirectory()) found.push(...htmlPages(dir, sub));
    else if (name.endsWith(".html")) found.push(sub);
  }
  return found;
}

/** The page type of `rel`: from its path, else from the `kind` of the data.json beside it. */
function pageType(rel) {
  const parts = rel.split("/");
  if (rel === "404.html") return "404";
  if (parts.includes("kiosk")) return "kiosk";
  const poster = parts.indexOf("poster");
  if (poster >= 0) {
    const kind = kindOf(parts.slice(0, poster).join("/")) || "other";
    return parts.length === poster + 2 ? `poster (${kind})` : `poster size (${kind})`;
  }
  if (parts[0] === "search") return parts.length === 2 ? "search" : "search A–Z";
  if (parts[0] === "pages") return "markdown page";
  if (parts.includes("honors")) return "honors";
  if (rel === "data/index.html") return "open data";
  return kindOf(path.dirname(rel)) || "other";
}

/** The `kind` in the data.json of directory `dir` (county, town, village, community), if any. */
function kindOf(dir) {
  const data = path.join(out, dir, "data.json");
  return existsSync(data) ? JSON.parse(readFileSync(data, "utf8")).kind : undefined;
}

// ---- In-page checks (run inside the browser; they return a list of problems) ----

/** A short CSS-like name of an element for messages. */
function describeFn() {
  window.__a11yName = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    if (typeof el.className === "string" && el.className.trim()) s += "." + el.className.trim().split(/\s+/).join(".");
    const text = (el.textContent || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 24);
    return text ? `${s} “${text}”` : s;
  };
  /** Visible on screen (rendered, not visually hidden as 1×1 screen-reader text). */
  window.__a11yVisible = (el) => {
    if (!el.getClientRects().length) return false;
    const cs = getComputedStyle(el);
    if (cs.visibility === "hidden" || cs.display === "none") return false;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 && r.height <= 1) return false;
    return true;
  };
}

/** `lang`, exactly one h1, no skipped heading levels. */
function structureProblems() {
  const problems = [];
  const lang = document.documentElement.getAttribute("lang");
  if (lang !== "zh-CN") problems.push(`<html lang="${lang}">, expected lang="zh-CN"`);
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")];
  const h1s = headings.filter((h) => h.tagName === "H1");
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements, expected exactly one`);
  let prev = 0;
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    if (level > prev + 1) problems.push(`${window.__a11yName(h)} is h${level} after h${prev || "(none)"}: a level is skipped`);
    prev = level;
  }
  return problems;
}

/** Every table has `<th>` headers with `scope`, and every row a column or row header. */
function tableProblems() {
  const problems = [];
  for (const t of document.querySelectorAll("table")) {
    const name = window.__a11yName(t.caption || t);
    const ths = t.querySelectorAll("th");
    if (!ths.length) problems.push(`table ${name} has no <th> headers`);
    for (const th of ths) {
      if (!["col", "row", "colgroup", "rowgroup"].includes(th.getAttribute("scope")))
        problems.push(`table ${name}: ${window.__a11yName(th)} has no scope`);
    }
    const colHeaders = t.querySelectorAll("thead th[scope=col], tr:first-child > th[scope=col]").length > 0;
    for (const row of t.querySelectorAll("tbody tr, tfoot tr")) {
      if (!colHeaders && !row.querySelector("th[scope=row]")) problems.push(`table ${name}: row ${window.__a11yName(row)} has no header`);
    }
  }
  return problems;
}

/** Every chart (inline SVG) has a text alternative: role="img" with a name, or a data table beside it. */
function chartProblems() {
  const problems = [];
  for (const svg of document.querySelectorAll("svg")) {
    if (svg.closest("svg") !== svg) continue;
    const labelled = svg.getAttribute("aria-labelledby")?.split(/\s+/).some((id) => document.getElementById(id)?.textContent.trim());
    const name = svg.getAttribute("aria-label")?.trim() || labelled || svg.querySelector(":scope > title")?.textContent.trim();
    const named = svg.getAttribute("role") === "img" && name;
    // A data table after the chart's figure (or in it) carries the same figures.
    const box = svg.closest("figure") || svg;
    let table = box.querySelector("table");
    for (let n = box.nextElementSibling; !table && n && !/^H[1-6]$/.test(n.tagName) && n.tagName !== "FIGURE"; n = n.nextElementSibling)
      table = n.matches("table") ? n : n.querySelector("table");
    if (!named && !(svg.getAttribute("aria-hidden") === "true" && table))
      problems.push(`${window.__a11yName(svg)} has no text alternative (role="img" with aria-label/<title>, or aria-hidden beside a data table)`);
  }
  return problems;
}

/**
 * Type: body font-size ≥ `minBody`, every visible text ≥ `minText` px, and text that is not a
 * heading with line-height ≥ `minLeading` × font-size (with `wrappedOnly`, only text that wraps
 * onto more than one line). SVG chart labels and visually hidden screen-reader text are not measured.
 */
function typeProblems({ minBody, minText, minLeading, wrappedOnly }) {
  /** Whether a text node's text runs over more than one line. */
  const wraps = (text) => {
    const range = document.createRange();
    range.selectNodeContents(text);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    return rects.some((r) => r.top >= rects[0].bottom - 1);
  };
  const problems = [];
  const body = getComputedStyle(document.body);
  if (parseFloat(body.fontSize) < minBody) problems.push(`body font-size ${body.fontSize} < ${minBody}px`);
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || seen.has(el) || el.closest("svg, script, style, noscript, title")) continue;
    seen.add(el);
    if (!window.__a11yVisible(el)) continue;
    const cs = getComputedStyle(el);
    const size = parseFloat(cs.fontSize);
    if (size < minText - 0.01) problems.push(`${window.__a11yName(el)}: font-size ${cs.fontSize} < ${minText}px`);
    if (el.closest("h1, h2, h3, h4, h5, h6")) continue;
    const leading = cs.lineHeight === "normal" ? 1.2 : parseFloat(cs.lineHeight) / size;
    if (wrappedOnly && !wraps(node)) continue;
    if (leading < minLeading - 0.005) problems.push(`${window.__a11yName(el)}: line-height ${cs.lineHeight} is ${leading.toFixed(2)} × ${cs.fontSize}, < ${minLeading}`);
  }
  return problems;
}

/**
 * Every visible link, button, input, select and summary is at least `min`×`min` CSS px, except
 * links inside running text (WCAG 2.5.8 inline exception: an inline link whose block also holds
 * other words, so its height is set by the line of text).
 */
function targetProblems(min) {
  const problems = [];
  const block = (el) => {
    let b = el.parentElement;
    while (b && getComputedStyle(b).display.startsWith("inline")) b = b.parentElement;
    return b;
  };
  for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]")) {
    if (el.getAttribute("tabindex") === "-1" || !window.__a11yVisible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= 0 || r.bottom <= 0) continue; // moved off screen until focused (skip link)
    if (r.width >= min - 0.5 && r.height >= min - 0.5) continue;
    if (el.tagName === "A" && getComputedStyle(el).display === "inline") {
      const b = block(el);
      let others = b ? b.textContent : "";
      for (const a of b ? b.querySelectorAll("a") : []) others = others.replace(a.textContent, "");
      if (/[\p{L}\p{N}]/u.test(others)) continue;
    }
    problems.push(`${window.__a11yName(el)} is ${r.width.toFixed(1)}×${r.height.toFixed(1)} px, < ${min}×${min}`);
  }
  return problems;
}

/** Focusable elements, one per kind (tag, classes and parent's classes), in document order. */
function focusKinds() {
  const kinds = new Map();
  const all = document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]");
  all.forEach((el, i) => {
    if (el.getAttribute("tabindex") === "-1" || el.disabled) return;
    if (!el.getClientRects().length && !el.matches(".skip")) return;
    const key = `${el.tagName}.${el.className}<${el.parentElement?.tagName}.${el.parentElement?.className}`;
    if (!kinds.has(key)) kinds.set(key, i);
  });
  return [...kinds.values()];
}

/** The focus indicator of the focused element: an outline or box-shadow of ≥ 2px, on screen. */
function focusProblem() {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing has focus";
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== "none" && cs.outlineStyle !== "auto" && parseFloat(cs.outlineWidth) >= 2;
  // box-shadow: "<color> x y blur spread", several comma-separated; any with blur or spread ≥ 2px.
  const shadow =
    cs.boxShadow !== "none" &&
    cs.boxShadow.split(/,(?![^(]*\))/).some((s) => {
      const lengths = (s.replace(/rgba?\([^)]*\)/, "").match(/-?[\d.]+px/g) || []).map(parseFloat);
      return (lengths[2] || 0) >= 2 || (lengths[3] || 0) >= 2;
    });
  if (!el.matches(":focus-visible")) return `${window.__a11yName(el)} focused by keyboard but not :focus-visible`;
  if (!outline && !shadow)
    return `${window.__a11yName(el)}: no visible focus indicator (outline ${cs.outlineStyle} ${cs.outlineWidth}, box-shadow ${cs.boxShadow})`;
  const r = el.getBoundingClientRect();
  if (r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth) return `${window.__a11yName(el)} is focused off screen`;
  return null;
}

// ---- The audit ----

async function axeViolations(page) {
  // Indirect eval in the page: works also when the page's own scripts are disabled.
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate((src) => (0, eval)(src), AXE_SOURCE);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
  return result.violations;
}

/** Runs axe and fails on serious/critical violations, listing rule, page and target nodes. */
async function checkAxe(checks, label, page) {
  await checks.run(`${label}: axe-core`, async () => {
    const violations = await axeViolations(page);
    const lines = [];
    for (const v of violations) {
      const bad = FAIL_IMPACTS.has(v.impact);
      const targets = v.nodes.slice(0, 8).map((n) => `         ${n.target.join(" ")}${n.failureSummary ? " — " + n.failureSummary.split("\n").slice(1).join(" ").trim() : ""}`);
      const more = v.nodes.length > 8 ? [`         … and ${v.nodes.length - 8} more`] : [];
      const line = [`${v.impact} ${v.id} (${v.help}) on ${label}:`, ...targets, ...more].join("\n");
      if (bad) lines.push(line);
      else console.log(`note ${line}`);
    }
    if (lines.length) throw new Error(lines.join("\n"));
  });
}

async function checkList(checks, name, fn) {
  await checks.run(name, async () => {
    const problems = await fn();
    if (problems.length) throw new Error(problems.join("\n"));
  });
}

/** Focus by Tab through the first stops (the skip link first), then one element of every kind. */
async function checkFocus(checks, label, page) {
  await checkList(checks, `${label}: keyboard focus visible`, async () => {
    const problems = [];
    await page.evaluate(() => document.activeElement?.blur());
    // The first Tab stops (the skip link first); Tab past the last one leaves the page.
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press("Tab");
      if (i > 0 && (await page.evaluate(() => document.activeElement === document.body))) break;
      const p = await page.evaluate(focusProblem);
      if (p) problems.push(`Tab ${i + 1}: ${p}`);
    }
    for (const index of await page.evaluate(focusKinds)) {
      // A key press first, so the focus that follows counts as keyboard focus (:focus-visible).
      await page.keyboard.press("Shift");
      await page.evaluate((i) => document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]")[i].focus(), index);
      const p = await page.evaluate(focusProblem);
      if (p) problems.push(p);
    }
    return [...new Set(problems)];
  });
}

/** All checks for one page in one viewport. */
async function audit(browser, checks, rel, query, layout, { type, javaScriptEnabled = true, targets = true }) {
  const label = `${rel}${query} [${layout.name}${javaScriptEnabled ? "" : ", no JS"}]`;
  const { context, page, errors } = await offlinePage(browser, { ...layout, javaScriptEnabled });
  const kiosk = type === "kiosk";
  const poster = type.startsWith("poster");
  // Web pages: body and all text ≥ 18px, leading ≥ 1.5. The kiosk is display type read from a
  // distance: ≥ 24px, and leading ≥ 1.5 wherever text wraps (one-line figures and labels are set
  // tighter; leading only matters between lines). Posters are print, checked with print media at
  // every paper size: all text ≥ the paper's body type (16pt ≈ 21.3px on A4, 21pt on A3, 27pt on
  // A2); leading is the poster's (one-sheet height budget).
  const posterPx = poster && Math.round((layout.bodyPt * 96 * 100) / 72) / 100;
  const typeRule = kiosk
    ? { minBody: 24, minText: 24, minLeading: 1.5, wrappedOnly: true }
    : poster
      ? { minBody: posterPx, minText: posterPx, minLeading: 0, print: true }
      : { minBody: 18, minText: 18, minLeading: 1.5 };
  const typeName = typeRule && `type size ≥ ${typeRule.minText}px${poster ? ` (${layout.bodyPt}pt, print)` : ""}${typeRule.minLeading ? `, line height ≥ ${typeRule.minLeading}` : ""}${typeRule.wrappedOnly ? " where text wraps" : ""}`;
  try {
    await page.goto(fileUrl(out, rel, query), { waitUntil: "load" });
    if (query) await page.waitForFunction(() => document.querySelector("#search-results")?.textContent.trim());
    await page.evaluate(describeFn);
    // Page errors before the audit (axe's own requests for the style sheets fail from file://).
    const pageErrors = [...errors];
    if (pageErrors.length) await checkList(checks, `${label}: no script errors`, () => pageErrors);
    await checkList(checks, `${label}: lang, headings`, () => page.evaluate(structureProblems));
    await checkList(checks, `${label}: tables, charts`, async () => [...(await page.evaluate(tableProblems)), ...(await page.evaluate(chartProblems))]);
    if (targets && !poster) await checkList(checks, `${label}: touch targets ≥ 44×44`, () => page.evaluate(targetProblems, 44));
    if (!javaScriptEnabled) {
      // axe needs the page's timers: without JavaScript only the own checks run (all slides show).
      if (typeRule) await checkList(checks, `${label}: ${typeName}`, () => page.evaluate(typeProblems, typeRule));
      return;
    }
    await checkFocus(checks, label, page);
    // A kiosk shows one slide at a time: every slide is audited in turn (→ pauses and steps).
    const slides = kiosk ? await page.evaluate(() => document.querySelectorAll(".k-slide").length) : 1;
    for (let i = 0; i < slides; i += 1) {
      const at = kiosk ? `${label} slide ${i + 1}` : label;
      if (kiosk) {
        if (i > 0) await page.keyboard.press("ArrowRight");
        await page.waitForFunction((n) => document.querySelector(`#slide-${n}`)?.classList.contains("is-current"), i + 1);
      }
      await checkAxe(checks, at, page);
      if (typeRule?.print) await page.emulateMedia({ media: "print" });
      if (typeRule) await checkList(checks, `${at}: ${typeName}`, () => page.evaluate(typeProblems, typeRule));
    }
  } finally {
    await context.close();
  }
}

const browser = await launch();
const checks = new Checks();
try {
  const byType = new Map();
  for (const rel of htmlPages(out)) {
    const type = pageType(rel);
    if (!byType.has(type)) byType.set(type, []);
    byType.get(type).push(rel);
  }
  console.log(`page types: ${[...byType].map(([t, pages]) => `${t} (${pages.length})`).join(", ")}`);
  for (const [type, pages] of byType) {
    if (ONLY && !ONLY.has(type) && !ONLY.has(type.split(" ")[0])) continue;
    if (type === "kiosk") {
      for (const rel of sample(pages, PER_TYPE)) {
        for (const layout of KIOSK) {
          await audit(browser, checks, rel, "", layout, { type });
          await audit(browser, checks, rel, "", layout, { type, javaScriptEnabled: false });
        }
      }
      continue;
    }
    if (type.startsWith("poster")) {
      const bySize = new Map();
      for (const rel of pages) {
        const paper = posterPaper(rel);
        if (!bySize.has(paper)) bySize.set(paper, []);
        bySize.get(paper).push(rel);
      }
      for (const [paper, group] of bySize) {
        for (const rel of sample(group, PER_TYPE)) await audit(browser, checks, rel, "", POSTER[paper], { type });
      }
      continue;
    }
    for (const rel of sample(pages, PER_TYPE)) await audit(browser, checks, rel, "", PHONE, { type });
    await audit(browser, checks, pages[0], "", DESKTOP, { type, targets: false });
    // The search page showing results (the result list is built by search.js).
    if (type === "search") await audit(browser, checks, pages[0], "?q=%E6%9D%91", PHONE, { type });
  }
} finally {
  await browser.close();
}
checks.finish();
