// Kiosk (大屏展示) in real headless Chromium: every slide of every region's kiosk fits portrait
// 1080×1920 and landscape 1920×1080 screens, nothing but file:// is requested, slides advance on
// time, tap / keyboard / button pause works, swipe and buttons navigate, auto-play resumes after the
// idle timeout, and without JavaScript the slides read as one long page.
//
//   node tests/browser/kiosk.test.mjs OUTPUT_DIR      (a built site, e.g. output/)
//
// Screenshots go to $KIOSK_SCREENSHOTS, or a fresh temporary directory (printed at the end).
import { mkdtempSync, mkdirSync, readdirSync, statSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import { launch, offlinePage, fileUrl, Checks } from "./launch.mjs";

const out = process.argv[2];
if (!out || !existsSync(path.join(out, "kiosk", "index.html"))) {
  console.error("usage: node kiosk.test.mjs OUTPUT_DIR (a built site with kiosk/index.html)");
  process.exit(2);
}
const shots = process.env.KIOSK_SCREENSHOTS || mkdtempSync(path.join(os.tmpdir(), "kiosk-shots-"));
mkdirSync(shots, { recursive: true });

const LAYOUTS = [
  { name: "portrait", width: 1080, height: 1920 },
  { name: "landscape", width: 1920, height: 1080 },
];
// Screenshots of every slide of these kiosks (the others are measured only).
const SHOOT = new Set(["kiosk/index.html", "zaolin/kiosk/index.html"]);

/** Every kiosk page of the site, relative to `out`, root first. */
function kioskPages(dir, rel = "") {
  const found = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const sub = path.join(rel, name);
    if (!statSync(path.join(dir, sub)).isDirectory()) continue;
    if (name === "kiosk" && existsSync(path.join(dir, sub, "index.html"))) found.push(path.join(sub, "index.html"));
    else found.push(...kioskPages(dir, sub));
  }
  return found.sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || a.localeCompare(b));
}

/** In the page: every way the current slide can overflow the screen or its stage. */
function overflowProblems() {
  const W = window.innerWidth;
  const H = window.innerHeight;
  const eps = 0.5;
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const doc = document.documentElement;
  if (doc.scrollWidth > W) problems.push(`document scrollWidth ${doc.scrollWidth} > ${W}`);
  if (doc.scrollHeight > H) problems.push(`document scrollHeight ${doc.scrollHeight} > ${H}`);
  for (const el of document.body.querySelectorAll("*")) {
    if (!el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    if (r.width > W + eps || r.height > H + eps) problems.push(`${name(el)} is ${r.width}×${r.height}, larger than the viewport`);
    if (r.left < -eps || r.top < -eps || r.right > W + eps || r.bottom > H + eps)
      problems.push(`${name(el)} at (${r.left}, ${r.top})–(${r.right}, ${r.bottom}) leaves the ${W}×${H} viewport`);
  }
  const stage = document.querySelector(".k-slides").getBoundingClientRect();
  const slide = document.querySelector(".k-slide.is-current");
  if (slide.scrollHeight > slide.clientHeight) problems.push(`slide content ${slide.scrollHeight}px tall in a ${slide.clientHeight}px stage`);
  if (slide.scrollWidth > slide.clientWidth) problems.push(`slide content ${slide.scrollWidth}px wide in a ${slide.clientWidth}px stage`);
  for (const el of slide.querySelectorAll("*")) {
    if (!el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    // Visually hidden text for screen readers (1×1 px, clipped) is meant to overflow.
    if (r.width <= 1 && r.height <= 1) continue;
    if (r.left < stage.left - eps || r.top < stage.top - eps || r.right > stage.right + eps || r.bottom > stage.bottom + eps)
      problems.push(`${name(el)} “${el.textContent.trim().slice(0, 20)}” outside the slide area`);
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} “${el.textContent.trim().slice(0, 20)}” text overflows its box`);
  }
  return problems;
}

const state = (page) => page.evaluate(() => ({ state: document.body.dataset.state, current: Number(document.body.dataset.current) }));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits (up to 2 s: input events arrive asynchronously) until the slide show is in `want`. */
async function expectState(page, want, message) {
  try {
    await page.waitForFunction(
      (w) => Object.entries(w).every(([k, v]) => (k === "current" ? Number(document.body.dataset.current) === v : document.body.dataset[k] === v)),
      want,
      { timeout: 2000 },
    );
  } catch {
    assert.deepEqual(await state(page), { ...(await state(page)), ...want }, message);
  }
}

/** Starts logging, in the page and on the page's clock, every change of data-state / data-current. */
async function watch(page) {
  await page.evaluate(() => {
    window.__changes = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const value = document.body.getAttribute(r.attributeName);
        if (value !== r.oldValue) window.__changes.push({ attr: r.attributeName.slice(5), value, t: performance.now() });
      }
    }).observe(document.body, { attributes: true, attributeOldValue: true, attributeFilter: ["data-state", "data-current"] });
  });
}
const changes = (page) => page.evaluate(() => window.__changes);

let touchId = 100;
/** A horizontal swipe over the slides (a fresh touch id each time, as a real screen would send). */
async function swipe(page, context, dx) {
  const id = touchId++;
  const box = await page.locator(".k-slides").boundingBox();
  const y = box.y + box.height / 2;
  const x0 = box.x + box.width / 2 - dx / 2;
  const cdp = await context.newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: x0, y, id }] });
  for (let i = 1; i <= 8; i++) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: x0 + (dx * i) / 8, y, id }] });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

async function tapStage(page) {
  const box = await page.locator(".k-slides").boundingBox();
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

const checks = new Checks();
const browser = await launch();
const allBlocked = new Set();
const pages = kioskPages(out);

try {
  await checks.run(`kiosk pages found (${pages.join(", ")})`, () => {
    assert.ok(pages.length >= 2, "expected the root kiosk and at least one region's kiosk");
    assert.equal(pages[0], path.join("kiosk", "index.html"));
  });

  for (const layout of LAYOUTS) {
    const { context, page, blocked, errors } = await offlinePage(browser, layout);
    for (const rel of pages) {
      const tag = `${layout.name} ${rel}`;
      // A long slide time keeps auto-play from moving on while slides are measured.
      await page.goto(fileUrl(out, rel, "?slide=3600&idle=3600"));
      await page.waitForFunction(() => document.body.dataset.current === "1");
      const count = await page.locator(".k-slide").count();
      await checks.run(`${tag}: styled, text large enough to read from 3 m`, async () => {
        const px = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".k-slide.is-current")).fontSize));
        assert.ok(px >= 36, `body text is ${px}px`);
        const h2 = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".k-slide.is-current h2")).fontSize));
        assert.ok(h2 >= 54, `slide headings are ${h2}px`);
      });
      for (let i = 1; i <= count; i++) {
        if (i > 1) await page.keyboard.press("ArrowRight");
        await page.waitForFunction((n) => document.body.dataset.current === String(n), i);
        await checks.run(`${tag}: slide ${i}/${count} fits the screen`, async () => {
          assert.deepEqual(await page.evaluate(overflowProblems), []);
        });
        if (SHOOT.has(rel)) {
          const file = `${layout.name}-${rel.split(path.sep).slice(0, -2).join("-") || "root"}-${String(i).padStart(2, "0")}.png`;
          await page.screenshot({ path: path.join(shots, file) });
        }
      }
      await checks.run(`${tag}: pause control visible and large`, async () => {
        for (const sel of [".k-pause", ".k-prev", ".k-next"]) {
          const b = await page.locator(sel).boundingBox();
          assert.ok(b && b.width >= 88 && b.height >= 60, `${sel} is ${b && b.width}×${b && b.height}`);
          assert.ok(b.y + b.height <= layout.height && b.x + b.width <= layout.width, `${sel} off screen`);
        }
      });
    }
    await checks.run(`${layout.name}: no script or console errors`, () => assert.deepEqual(errors, []));
    blocked.forEach((u) => allBlocked.add(u));
    await context.close();
  }

  // Behaviour, on the root kiosk in landscape.
  {
    const { context, page, blocked, errors } = await offlinePage(browser, LAYOUTS[1]);
    const root = pages[0];

    await checks.run("slide time comes from data-slide-seconds (site.yaml kiosk.slide_seconds)", async () => {
      await page.goto(fileUrl(out, root));
      const seconds = Number(await page.getAttribute("body", "data-slide-seconds"));
      assert.ok(seconds >= 3, `data-slide-seconds=${seconds}`);
      const sample = () =>
        page.evaluate(() => ({ t: performance.now(), width: parseFloat(document.querySelector(".k-progress-bar").style.width) }));
      const a = await sample();
      await sleep(1500);
      const b = await sample();
      assert.equal((await state(page)).current, 1, "moved on too early");
      const expected = ((b.t - a.t) / 1000 / seconds) * 100;
      const grown = b.width - a.width;
      assert.ok(Math.abs(grown - expected) < expected * 0.25 + 1, `progress grew ${grown}% in ${b.t - a.t} ms, expected ≈${expected}%`);
    });

    await checks.run("slides advance after the configured time, and wrap around", async () => {
      await page.goto(fileUrl(out, root, "?slide=1&idle=2"));
      // Slide 1 started while the page loaded; time slides 2 and 3 from change to change.
      await watch(page);
      await page.waitForFunction(() => document.body.dataset.current === "4", null, { timeout: 8000 });
      const at = Object.fromEntries((await changes(page)).filter((c) => c.attr === "current").map((c) => [c.value, c.t]));
      for (const n of [2, 3]) {
        const shown = at[n + 1] - at[n];
        assert.ok(shown >= 900 && shown <= 2500, `slide ${n} showed for ${shown} ms, expected ≈1000`);
      }
      const visible = await page.locator(".k-slide:visible").count();
      assert.equal(visible, 1, "exactly one slide visible");
      const n = await page.locator(".k-slide").count();
      await page.keyboard.press("End");
      await page.keyboard.press("k");
      await page.waitForFunction(() => document.body.dataset.current === "1", null, { timeout: 4000 });
      assert.ok(n >= 2);
    });

    await checks.run("tap pauses and resumes", async () => {
      await page.goto(fileUrl(out, root, "?slide=1&idle=30"));
      await tapStage(page);
      await expectState(page, { state: "paused" });
      const s = await state(page);
      assert.equal(await page.getAttribute(".k-pause", "aria-pressed"), "true");
      assert.match(await page.textContent(".k-pause"), /继续播放/);
      await sleep(1600);
      assert.deepEqual(await state(page), s, "a paused slide show must not advance");
      await tapStage(page);
      await expectState(page, { state: "playing" });
      await page.waitForFunction((c) => document.body.dataset.current !== String(c), s.current, { timeout: 3000 });
    });

    await checks.run("keyboard: Space and K toggle pause; the pause button works with Enter and Space", async () => {
      await page.goto(fileUrl(out, root, "?slide=30&idle=30"));
      await page.keyboard.press("Space");
      await expectState(page, { state: "paused" });
      await page.keyboard.press("k");
      await expectState(page, { state: "playing" });
      await page.focus(".k-pause");
      await page.keyboard.press("Enter");
      await expectState(page, { state: "paused" });
      await page.keyboard.press("Space");
      await expectState(page, { state: "playing" });
      // Tab reaches the pause button from the top of the page.
      await page.goto(fileUrl(out, root, "?slide=30&idle=30"));
      let reached = false;
      for (let i = 0; i < 4 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = await page.evaluate(() => document.activeElement.classList.contains("k-pause"));
      }
      assert.ok(reached, "Tab never reached the pause button");
      await page.keyboard.press("Space");
      await expectState(page, { state: "paused" });
    });

    await checks.run("mouse click on the pause button toggles", async () => {
      await page.goto(fileUrl(out, root, "?slide=30&idle=30"));
      await page.click(".k-pause");
      await expectState(page, { state: "paused" });
      await page.click(".k-pause");
      await expectState(page, { state: "playing" });
    });

    await checks.run("swipe and buttons go back and forth, and pause", async () => {
      await page.goto(fileUrl(out, root, "?slide=30&idle=30"));
      const n = await page.locator(".k-slide").count();
      await swipe(page, context, -400);
      await expectState(page, { state: "paused", current: 2 });
      await swipe(page, context, 400);
      await expectState(page, { current: 1 });
      await swipe(page, context, 400);
      await expectState(page, { current: n }, "back from the first slide goes to the last");
      await page.tap(".k-next");
      await expectState(page, { current: 1 });
      await page.tap(".k-next");
      await page.click(".k-next");
      await expectState(page, { current: 3 });
      await page.click(".k-prev");
      await expectState(page, { state: "paused", current: 2 });
      await page.keyboard.press("ArrowRight");
      await expectState(page, { current: 3 });
      await page.keyboard.press("ArrowLeft");
      await expectState(page, { current: 2 });
      assert.equal(await page.locator(".k-slide:visible").count(), 1);
    });

    await checks.run("auto-play resumes after the idle timeout", async () => {
      await page.goto(fileUrl(out, root, "?slide=1&idle=2"));
      await watch(page);
      await page.tap(".k-next");
      await expectState(page, { state: "paused", current: 2 });
      await sleep(1000);
      await expectState(page, { state: "paused", current: 2 }, "still paused before the idle timeout");
      await page.waitForFunction(() => document.body.dataset.state === "playing", null, { timeout: 4000 });
      const log = await changes(page);
      const paused = log.find((c) => c.attr === "state" && c.value === "paused");
      const resumed = log.find((c) => c.attr === "state" && c.value === "playing" && c.t > paused.t);
      const waited = resumed.t - paused.t;
      assert.ok(waited >= 1900 && waited <= 3000, `resumed after ${waited} ms, expected ≈2000`);
      await page.waitForFunction(() => document.body.dataset.current === "3", null, { timeout: 3000 });
      // Interaction while paused pushes the timeout back.
      await page.keyboard.press("Space");
      await sleep(1200);
      await page.keyboard.press("ArrowRight");
      await sleep(1200);
      await expectState(page, { state: "paused" }, "the idle timer restarts on every touch");
    });

    await checks.run("behaviour: no script or console errors", () => assert.deepEqual(errors, []));
    blocked.forEach((u) => allBlocked.add(u));
    await context.close();
  }

  // Without JavaScript: a long page with every slide, no controls, nothing wider than the screen.
  for (const layout of LAYOUTS) {
    const { context, page, blocked } = await offlinePage(browser, { ...layout, javaScriptEnabled: false });
    await checks.run(`${layout.name} without JavaScript: every slide readable on one scrolling page`, async () => {
      await page.goto(fileUrl(out, pages[0]));
      const r = await page.evaluate(() => ({
        slides: document.querySelectorAll(".k-slide").length,
        shown: [...document.querySelectorAll(".k-slide")].filter((s) => s.getClientRects().length > 0).length,
        controls: document.querySelector(".k-controls").getClientRects().length,
        scrollWidth: document.documentElement.scrollWidth,
        scrollHeight: document.documentElement.scrollHeight,
      }));
      assert.ok(r.slides >= 2);
      assert.equal(r.shown, r.slides, "every slide shown");
      assert.equal(r.controls, 0, "controls that need JavaScript are hidden");
      assert.ok(r.scrollWidth <= layout.width, `scrollWidth ${r.scrollWidth}`);
      assert.ok(r.scrollHeight > layout.height, "expected a long page");
      await page.screenshot({ path: path.join(shots, `${layout.name}-root-nojs.png`), fullPage: true });
    });
    blocked.forEach((u) => allBlocked.add(u));
    await context.close();
  }

  await checks.run("no request leaves the machine (only file:// URLs)", () => assert.deepEqual([...allBlocked], []));
} finally {
  await browser.close();
}
console.log(`screenshots: ${shots}`);
checks.finish();
