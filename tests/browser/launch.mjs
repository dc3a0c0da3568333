// Shared launcher for the browser tests: the machine's Chromium through playwright-core (no
// browser download, ever), pages that may only load file:// URLs, and a tiny check runner.
//
//   import { launch, offlinePage, fileUrl, Checks } from "./launch.mjs";
//   const browser = await launch();
//   const { page, blocked } = await offlinePage(browser, { width: 1080, height: 1920 });
//   await page.goto(fileUrl(dir, "kiosk/index.html"));
//
// CHROMIUM overrides the executable (default /usr/bin/chromium); the flags are in chromium-args.json.
import { chromium } from "playwright-core";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The Chromium executable the tests use. */
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/**
 * Flags that keep Chromium from talking to the network on its own and from needing a sandbox;
 * shared with the Rust tests that run Chromium directly (tests/common/browser.rs).
 */
export const CHROMIUM_ARGS = JSON.parse(readFileSync(new URL("./chromium-args.json", import.meta.url), "utf8"));

/** Launches headless Chromium from CHROMIUM. */
export async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** `file://` URL of `rel` inside directory `dir`, with an optional query string. */
export function fileUrl(dir, rel, query = "") {
  return pathToFileURL(path.join(path.resolve(dir), rel)).href + query;
}

/**
 * A fresh context and page of the given viewport in which every request that is not file://
 * is aborted and recorded in `blocked`; `errors` collects page errors and console errors.
 * Options: { width, height, hasTouch = true, javaScriptEnabled = true }.
 */
export async function offlinePage(browser, { width, height, hasTouch = true, javaScriptEnabled = true }) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    hasTouch,
    javaScriptEnabled,
    locale: "zh-CN",
    serviceWorkers: "block",
  });
  const blocked = [];
  const errors = [];
  await context.route(
    (url) => url.protocol !== "file:",
    (route) => {
      blocked.push(route.request().url());
      return route.abort("blockedbyclient");
    },
  );
  // WebSocket connections are not routed by context.route: record any attempt.
  context.on("websocket", (ws) => blocked.push(ws.url()));
  const page = await context.newPage();
  page.on("request", (req) => {
    if (!req.url().startsWith("file:")) blocked.push(req.url());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  return { context, page, blocked, errors };
}

/** Named checks that keep going after a failure and report all of them at the end. */
export class Checks {
  constructor() {
    this.failures = [];
    this.passed = 0;
  }

  /** Runs `fn` (sync or async) as the check `name`. */
  async run(name, fn) {
    try {
      await fn();
      this.passed += 1;
      console.log(`ok   ${name}`);
    } catch (e) {
      this.failures.push(name);
      console.log(`FAIL ${name}\n     ${String(e && e.stack ? e.stack : e).split("\n").join("\n     ")}`);
    }
  }

  /** Prints a summary and sets the exit code. */
  finish() {
    console.log(`${this.passed} passed, ${this.failures.length} failed`);
    if (this.failures.length) process.exitCode = 1;
  }
}
