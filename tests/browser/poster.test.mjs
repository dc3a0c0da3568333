// Posters in real headless Chromium with print media emulated: nothing on a poster is clipped
// and no text is smaller than the paper size's body type. The sheet (`.sheet`) and its body
// (`.body`) are fixed boxes with `overflow: hidden` (themes/default/static/poster.css), so a PDF
// of one page can still have rows cut off at the bottom; this script looks inside the boxes.
//
//   node tests/browser/poster.test.mjs OUTPUT_DIR...      (built sites, e.g. output/)
//   node tests/browser/poster.test.mjs --measure OUTPUT_DIR   (heights of the parts, in rem)
//
// Every poster of every size under each OUTPUT_DIR (`…/poster/index.html`, `…/poster/a4/…`,
// `…/poster/a2/…`) is checked:
// - fits its sheet: `.sheet` and `.body` do not scroll (scrollHeight ≤ clientHeight), every
//   element with text lies inside the sheet and, within the body, inside the body; a line wider
//   than its box is allowed only where the CSS shortens it with an ellipsis (`text-overflow`);
// - type size: every visible text ≥ the body size of its paper (A4 16pt, A3 21pt, A2 27pt: the
//   issue's "body ≥ 16pt on A4", scaled with the paper), the title ≥ 36pt on A3 and A2.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { launch, offlinePage, fileUrl, Checks } from "./launch.mjs";

/** Body type (pt) and the sheet's printable box (mm) per paper size, as in src/render/poster/fit.rs. */
export const PAPER = {
  a4: { bodyPt: 16, titlePt: 27, box: [186, 273] },
  a3: { bodyPt: 21, titlePt: 36, box: [267, 390] },
  a2: { bodyPt: 27, titlePt: 36, box: [380, 554] },
};

const args = process.argv.slice(2);
const measure = args[0] === "--measure";
const dirs = measure ? args.slice(1) : args;
if (!dirs.length) {
  console.error("usage: node poster.test.mjs [--measure] OUTPUT_DIR...");
  process.exit(2);
}

/** Every poster HTML file under `dir`, relative, sorted. */
function posters(dir, rel = "") {
  const found = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const sub = path.posix.join(rel, name);
    if (!statSync(path.join(dir, sub)).isDirectory()) continue;
    if (name === "poster") {
      found.push(path.posix.join(sub, "index.html"));
      for (const size of readdirSync(path.join(dir, sub)).sort()) {
        if (statSync(path.join(dir, sub, size)).isDirectory()) found.push(path.posix.join(sub, size, "index.html"));
      }
    } else if (!["assets", "data", "kiosk", "pages", "search", "feeds", "honors"].includes(name)) {
      found.push(...posters(dir, sub));
    }
  }
  return found;
}

/** In the page: what overflows the sheet, and text below the minimum size (problems, notes). */
function posterProblems({ minPx, titlePx }) {
  const problems = [];
  const notes = [];
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (typeof el.className === "string" && el.className.trim()) s += "." + el.className.trim().split(/\s+/).join(".");
    const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 20);
    return text ? `${s} “${text}”` : s;
  };
  const sheet = document.querySelector(".sheet");
  const body = document.querySelector(".sheet > .body");
  if (!sheet || !body) return { problems: ["no .sheet > .body"], notes };
  // The body scrolls when its rows do not fit (it is clipped: overflow hidden).
  if (body.scrollHeight > body.clientHeight + 1) problems.push(`.body overflows: content ${body.scrollHeight}px tall, box ${body.clientHeight}px`);
  if (body.scrollWidth > body.clientWidth + 1) problems.push(`.body overflows: content ${body.scrollWidth}px wide, box ${body.clientWidth}px`);
  // Header, body and footer inside the sheet (its scrollHeight also counts the body's unshrunk
  // flex size, so the boxes are compared instead).
  const s = sheet.getBoundingClientRect();
  const b = body.getBoundingClientRect();
  for (const part of sheet.children) {
    const r = part.getBoundingClientRect();
    if (r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5 || r.left < s.left - 0.5 || r.right > s.right + 0.5)
      problems.push(`${name(part).split(" ")[0]} (${r.left.toFixed(0)},${r.top.toFixed(0)})–(${r.right.toFixed(0)},${r.bottom.toFixed(0)}) is not inside .sheet (${s.right.toFixed(0)}×${s.bottom.toFixed(0)}px)`);
  }
  const seen = new Set();
  const walker = document.createTreeWalker(sheet, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || seen.has(el) || el.closest("svg")) continue;
    seen.add(el);
    if (!el.getClientRects().length) continue;
    const cs = getComputedStyle(el);
    if (cs.display === "none" || cs.visibility === "hidden") continue;
    // The text's line box: the box of the nearest block (the glyphs of an inline reach past it).
    let block = el;
    while (block !== sheet && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    const r = block.getBoundingClientRect();
    const inBody = body.contains(el);
    const c = inBody ? b : s;
    if (r.bottom > c.bottom + 0.5 || r.top < c.top - 0.5) problems.push(`${name(el)}: cut off at the ${r.bottom > c.bottom + 0.5 ? "bottom" : "top"} of ${inBody ? ".body" : ".sheet"} (line ${r.top.toFixed(0)}–${r.bottom.toFixed(0)}px, box ${c.top.toFixed(0)}–${c.bottom.toFixed(0)}px)`);
    const size = parseFloat(cs.fontSize);
    if (size < minPx - 0.01) problems.push(`${name(el)}: font-size ${cs.fontSize} < ${minPx.toFixed(2)}px`);
  }
  // Lines wider than their box: only where the CSS shortens them visibly (…).
  for (const el of sheet.querySelectorAll("*")) {
    if (el.closest("svg") || el.scrollWidth <= el.clientWidth + 1 || !el.clientWidth) continue;
    const cs = getComputedStyle(el);
    if (cs.overflowX === "visible") continue;
    if (cs.textOverflow === "ellipsis") notes.push(`${name(el)} shortened with …`);
    else problems.push(`${name(el)}: ${el.scrollWidth}px of text in a ${el.clientWidth}px box, cut without …`);
  }
  const title = document.querySelector(".title");
  if (!title) problems.push("no .title");
  else if (parseFloat(getComputedStyle(title).fontSize) < titlePx - 0.01) problems.push(`title font-size ${getComputedStyle(title).fontSize} < ${titlePx.toFixed(2)}px`);
  return { problems, notes };
}

/** In the page: heights of the parts the fit model (fit.rs `cost`) counts, in tenths of a rem. */
function posterMeasure() {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
  const t = (px) => Math.round((px / rem) * 100) / 10;
  const h = (el) => el && t(el.getBoundingClientRect().height);
  const q = (s) => document.querySelector(s);
  const out = { rem, head: h(q(".head")), foot: h(q(".foot")), body: h(q(".body")), bodyContent: t(q(".body").scrollHeight) };
  const gap = (a, b) => a && b && t(b.getBoundingClientRect().top - a.getBoundingClientRect().bottom);
  out.sheetGap = gap(q(".head"), q(".body"));
  const sections = [...document.querySelectorAll(".body > *")];
  out.sectionGap = gap(sections[0], sections[1]);
  out.sections = sections.map((s) => [s.className, h(s)]);
  out.heading = h(q(".body h2"));
  out.rating = h(q(".rating-line"));
  out.badges = q(".badges") && t(q(".badges").getBoundingClientRect().bottom - q(".rating-line").getBoundingClientRect().bottom);
  out.figure = h(q(".figures .fig"));
  out.history = h(q(".history li"));
  const step = (sel) => {
    const els = [...document.querySelectorAll(sel)];
    return els.length > 1 ? t(els[1].getBoundingClientRect().top - els[0].getBoundingClientRect().top) : undefined;
  };
  out.project = step(".projects li");
  out.notice = step(".notices li");
  out.honorRow = step(".honors .cols > li:nth-child(odd)");
  out.listRow = step(".list .cols > li:nth-child(odd)");
  out.moreNote = (() => {
    const n = q(".more-note");
    return n && t(n.getBoundingClientRect().bottom - n.previousElementSibling.getBoundingClientRect().bottom);
  })();
  out.levelTable = q(".dist") && t(q(".dist").getBoundingClientRect().height - q(".dist h2").getBoundingClientRect().height);
  return out;
}

const browser = await launch();
const checks = new Checks();
try {
  const { page } = await offlinePage(browser, { width: 1123, height: 1587, hasTouch: false, javaScriptEnabled: true });
  await page.emulateMedia({ media: "print" });
  let count = 0;
  for (const dir of dirs) {
    for (const rel of posters(dir)) {
      const size = rel.match(/poster\/(a[234])\/index\.html$/)?.[1];
      await page.goto(fileUrl(dir, rel), { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      const paper = (await page.evaluate(() => document.documentElement.className.match(/paper-(a[234])/)?.[1])) || size;
      const spec = PAPER[paper];
      const label = `${path.basename(path.resolve(dir))}/${rel} [${paper}]`;
      count += 1;
      if (measure) {
        console.log(label, JSON.stringify(await page.evaluate(posterMeasure)));
        continue;
      }
      await checks.run(`${label}: fits its sheet, text ≥ ${spec.bodyPt}pt`, async () => {
        const px = (pt) => (pt * 96) / 72;
        const { problems, notes } = await page.evaluate(posterProblems, { minPx: px(spec.bodyPt), titlePx: px(spec.titlePt) });
        if (notes.length) console.log(`note ${label}: ${notes.length} line(s) shortened with …`);
        if (problems.length) throw new Error(problems.join("\n"));
      });
    }
  }
  console.log(`${count} posters`);
} finally {
  await browser.close();
}
if (!measure) checks.finish();
