// Lighthouse (pinned in package.json) over a list of pages, in ONE Chrome:
// the benchmark (benchmarks/lighthouse.py) and the test
// (tests/site_build/test_lighthouse.py) both run it, so they measure alike.
//
//   node tools/lighthouse.mjs [--categories a,b] [--quick] URL...   → JSON on stdout
//
// Mobile defaults (Lighthouse's own: Moto G Power emulation, simulated slow
// 4G and 4× CPU slowdown), Debian's Chromium (CHROME_PATH, else
// /usr/bin/chromium) with the flags of tools/chromium.py. Launching Chrome
// once and auditing every page in a new tab of it saves about a second a page.
// Per page: the four scores (null for a category not asked for), the
// metrics that do not need a score (CLS, TBT, LCP) and every audit of the
// asked categories that does not pass, by id and title, so a failure can be
// read without opening a report. --quick (the test) waits half as long for
// the page to settle after its load (500 ms of quiet network and CPU rather
// than Lighthouse's 1 s each): what a test asserts is there by then.
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
// Keep in step with tools/chromium.py (CHROMIUM_ARGS); --headless=new is Lighthouse's advice.
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"];
// Of the metrics, --quick keeps the layout shift (read from the trace), not
// the timings that Lighthouse simulates from it.
const QUICK = { pauseAfterFcpMs: 500, pauseAfterLoadMs: 500, networkQuietThresholdMs: 500, cpuQuietThresholdMs: 500 };
const METRICS = { cls: "cumulative-layout-shift", tbt: "total-blocking-time", lcp: "largest-contentful-paint" };
const QUICK_METRICS = ["cls"];

function parse(argv) {
  let categories = CATEGORIES;
  let quick = false;
  const urls = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--quick") {
      quick = true;
    } else if (argv[i] === "--categories") {
      categories = argv[(i += 1)].split(",");
    } else {
      urls.push(argv[i]);
    }
  }
  const unknown = categories.filter((c) => !CATEGORIES.includes(c));
  if (unknown.length || !urls.length) {
    throw new Error(`usage: lighthouse.mjs [--categories ${CATEGORIES.join(",")}] [--quick] URL...`);
  }
  return { categories, quick, urls };
}

// A page's figures from Lighthouse's result (lhr).
function summary(lhr, categories) {
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c] ? lhr.categories[c].score : null]));
  const metrics = Object.fromEntries(
    Object.entries(METRICS).map(([key, id]) => [key, lhr.audits[id] ? lhr.audits[id].numericValue : null]),
  );
  const failing = [];
  for (const category of categories) {
    for (const ref of lhr.categories[category].auditRefs) {
      const audit = lhr.audits[ref.id];
      // Weightless audits are informative; a null score is "not applicable" or manual.
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        failing.push({ category, id: audit.id, title: audit.title, score: audit.score,
          value: audit.displayValue || "" });
      }
    }
  }
  return { url: lhr.finalDisplayedUrl, requested: lhr.requestedUrl, scores, metrics, failing,
    warnings: lhr.runWarnings, error: lhr.runtimeError ? lhr.runtimeError.message : null };
}

async function main() {
  const { categories, quick, urls } = parse(process.argv.slice(2));
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    chromeFlags: CHROME_FLAGS,
  });
  const measured = quick ? QUICK_METRICS : Object.keys(METRICS);
  const onlyAudits = categories.includes("performance") ? undefined : measured.map((key) => METRICS[key]);
  const pages = [];
  try {
    for (const url of urls) {
      const started = performance.now();
      const result = await lighthouse(url, {
        port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories, onlyAudits,
        disableFullPageScreenshot: true, ...(quick ? QUICK : {}),
      });
      pages.push({ ...summary(result.lhr, categories), seconds: (performance.now() - started) / 1000 });
    }
  } finally {
    await chrome.kill();
  }
  process.stdout.write(JSON.stringify(pages, null, 1) + "\n");
}

await main();
