// browser.mjs: the default theme checked in a real browser. Called by run.sh, which builds the
// sites, serves each on 127.0.0.1 and installs what this needs; not meant to be run alone.
//
//   node browser.mjs --chromium /usr/bin/chromium --shots DIR --results FILE \
//                    --site NAME=OUTPUT_DIR=http://127.0.0.1:PORT ...
//
// For each site it picks the pages to check from the built output (home, the institution and
// the news item with the most on them, a list with pagination, the biggest tag, the tag
// index, the about page, 404) and, with playwright-core driving the machine's Chromium:
//   - runs axe-core (WCAG 2.1 A/AA and best practices) in the light and the dark scheme,
//     failing on any serious or critical violation;
//   - checks the page's structure: lang, title, description, canonical URL, one h1,
//     headings in order, landmarks, a skip link first, alt text, no script, and no request
//     that leaves the local server (no web fonts or frameworks fetched from elsewhere);
//   - checks that nothing overflows horizontally at 375 px and 320 px;
//   - checks the layout on a phone: at 375 px the site header is at most PHONE_HEADER_MAX px
//     tall and an item's text (news.html, page.html) starts on the first screen of a
//     375 × 667 phone; at 320 px no line of the breadcrumb trail starts with a separator;
//     and, at 1280 px, heading anchors are unseen until focused and smaller than their
//     heading;
//   - takes screenshots at 375 px and 1280 px in both schemes;
// and, once per site, that the skip link is the first Tab stop and moves focus to <main>,
// that focus is visible, and that the print stylesheet hides the navigation.
//
// Each check writes one line, `PASS name` or `FAIL name: why`, to the results file; run.sh
// counts them. The exit status is 0 when every check passed.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// The flags this machine's Chromium needs: no sandbox as root, no GPU, and no background
// connections, which the closed network would refuse (see the machine notes).
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const FAILING_IMPACTS = new Set(["serious", "critical"]);
const SCHEMES = ["light", "dark"];
const SHOT_WIDTHS = [375, 1280];
const OVERFLOW_WIDTHS = [375, 320];
// A phone's header: name, navigation, search and languages in three short rows (about 120
// px with the example site's fonts; a little room for other machines' fonts). Four rows or
// more, as when the navigation wraps, is 160 px and up.
const PHONE_HEADER_MAX = 130;
// The first screen of the smallest phone in common use (375 × 667).
const PHONE_SCREEN_HEIGHT = 667;

const args = parseArgs(process.argv.slice(2));
const results = [];

function record(name, problems) {
  const line = problems.length === 0 ? `PASS ${name}` : `FAIL ${name}: ${problems.join("; ")}`;
  results.push(line);
  console.log(problems.length === 0 ? `  ok    ${name}` : `  FAIL  ${name}\n        ${problems.join("\n        ")}`);
}

async function main() {
  fs.mkdirSync(args.shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "gazette-theme-checks-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: args.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    for (const site of args.sites) {
      console.log(`\n${site.name}: ${site.base}`);
      const pages = pickPages(site.dir);
      for (const [label, urlPath] of pages) {
        await checkPage(context, site, label, urlPath);
        await checkPhoneLayout(context, site, label, urlPath);
      }
      await checkKeyboard(context, site);
      const printPage = pages.find(([label]) => label === "news") ?? pages[0];
      await checkPrint(context, site, printPage[1]);
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  fs.writeFileSync(args.results, results.join("\n") + "\n");
  process.exit(results.some((r) => r.startsWith("FAIL")) ? 1 : 0);
}

// The pages of a built site to check, as [label, URL path]: the ones with the most on them.
function pickPages(dir) {
  const pages = [["home", "/"]];
  const biggest = (sub, skip = () => false) => {
    const root = path.join(dir, sub);
    if (!fs.existsSync(root)) return null;
    let best = null;
    for (const file of walk(root)) {
      if (path.basename(file) !== "index.html" || file === path.join(root, "index.html")) continue;
      const rel = path.relative(dir, path.dirname(file)).split(path.sep).join("/");
      if (rel.includes("/page/") || skip(rel)) continue;
      const size = fs.statSync(file).size;
      if (!best || size > best.size || (size === best.size && rel < best.rel)) best = { rel, size };
    }
    return best && `/${best.rel}/`;
  };
  const add = (label, urlPath) => urlPath && pages.push([label, urlPath]);
  add("institution", biggest("institutions"));
  add("news", biggest("news"));
  const paged = path.join(dir, "news", "page", "2", "index.html");
  add("list", fs.existsSync(paged) ? "/news/page/2/" : fs.existsSync(path.join(dir, "news")) ? "/news/" : null);
  add("tag", biggest("tags"));
  add("tags", fs.existsSync(path.join(dir, "tags", "index.html")) ? "/tags/" : null);
  add("about", fs.existsSync(path.join(dir, "about", "index.html")) ? "/about/" : null);
  add("404", fs.existsSync(path.join(dir, "404.html")) ? "/404.html" : null);
  // The search page with the results of a query, filters and excerpts shown.
  add("search", fs.existsSync(path.join(dir, "search", "index.html")) ? "/search/?q=laboratory" : null);
  // A multilingual site's other languages (/zh/…): their home, item, list, term and 404
  // pages too.
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const lang = entry.name;
    const isLanguage =
      entry.isDirectory() &&
      fs.existsSync(path.join(dir, lang, "index.html")) &&
      ["institutions", "news"].some((sub) => fs.existsSync(path.join(dir, lang, sub)));
    if (!isLanguage) continue;
    add(`${lang} home`, `/${lang}/`);
    add(`${lang} institution`, biggest(`${lang}/institutions`));
    add(`${lang} news`, biggest(`${lang}/news`));
    add(`${lang} list`, fs.existsSync(path.join(dir, lang, "news", "index.html")) ? `/${lang}/news/` : null);
    add(`${lang} tag`, biggest(`${lang}/tags`));
    add(`${lang} tags`, fs.existsSync(path.join(dir, lang, "tags", "index.html")) ? `/${lang}/tags/` : null);
    add(`${lang} 404`, fs.existsSync(path.join(dir, lang, "404.html")) ? `/${lang}/404.html` : null);
    const search = fs.existsSync(path.join(dir, lang, "search", "index.html"));
    add(`${lang} search`, search ? `/${lang}/search/?q=${encodeURIComponent("实验室")}` : null);
  }
  return pages;
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

async function openPage(context, site, urlPath, { width = 1280, colorScheme = "light", media = "screen" } = {}) {
  const page = await context.newPage();
  const outside = [];
  // Everything the theme needs must come from the site itself.
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === site.origin || url.protocol === "data:") return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme, media, reducedMotion: "reduce" });
  const response = await page.goto(site.base + urlPath, { waitUntil: "load" });
  const status = response ? response.status() : 0;
  // A search page answers after the load: check it once the results are shown.
  if (urlPath.includes("/search/?q=")) {
    await page.waitForFunction(() => {
      const text = document.querySelector(".search__status")?.textContent || "";
      return text !== "" && !/Searching|正在搜索/.test(text);
    }, null, { timeout: 20000 });
  }
  return { page, outside, status };
}

async function checkPage(context, site, label, urlPath) {
  const name = `${site.name} ${label} (${urlPath})`;

  for (const colorScheme of SCHEMES) {
    const { page, outside, status } = await openPage(context, site, urlPath, { colorScheme });
    const problems = [];
    if (status !== 200 && !(label === "404" && status === 404)) problems.push(`HTTP ${status}`);
    // Before axe is injected: it is a script of its own.
    if (colorScheme === "light") {
      const structure = await page.evaluate(structureProblems);
      if (outside.length) structure.push(`requests leaving the site: ${[...new Set(outside)].join(", ")}`);
      record(`structure ${name}`, structure);
    }
    await page.addScriptTag({ content: AXE_SOURCE });
    const report = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      AXE_TAGS,
    );
    for (const v of report.violations) {
      const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ");
      const line = `${v.impact} ${v.id}: ${v.help} [${v.nodes.length}× ${where}]`;
      if (FAILING_IMPACTS.has(v.impact)) problems.push(line);
      else console.log(`        note (${site.name} ${label} ${colorScheme}): ${line}`);
    }
    for (const width of SHOT_WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const file = path.join(args.shots, `${site.name}-${label}-${width}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
    }
    await page.close();
    record(`axe ${colorScheme} ${name}`, problems);
  }

  const problems = [];
  for (const width of OVERFLOW_WIDTHS) {
    const { page } = await openPage(context, site, urlPath, { width });
    const o = await page.evaluate(() => {
      const doc = document.documentElement;
      const wide = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 3)
        .map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : ""));
      return { scroll: doc.scrollWidth, inner: window.innerWidth, wide };
    });
    if (o.scroll > o.inner) problems.push(`at ${width}px the page is ${o.scroll}px wide (${o.wide.join(", ")})`);
    await page.close();
  }
  record(`no horizontal overflow at ${OVERFLOW_WIDTHS.join(" and ")} px ${name}`, problems);
}

// What a reader meets first on a phone, and the furniture that must stay out of the text's
// way: see PHONE_HEADER_MAX and PHONE_SCREEN_HEIGHT.
async function checkPhoneLayout(context, site, label, urlPath) {
  const problems = [];
  {
    const { page } = await openPage(context, site, urlPath, { width: 375 });
    const m = await page.evaluate(() => {
      const header = document.querySelector("body > header");
      // An item's text: the first paragraph of the body of news.html and page.html (an
      // institution's page opens with its profile, by design).
      const text = document.querySelector(".entry:not(.entry--institution) .prose > p");
      return {
        header: header ? Math.round(header.getBoundingClientRect().height) : 0,
        text: text ? Math.round(text.getBoundingClientRect().top + window.scrollY) : null,
      };
    });
    if (m.header > PHONE_HEADER_MAX) problems.push(`at 375px the header is ${m.header}px tall (at most ${PHONE_HEADER_MAX})`);
    if (m.text !== null && m.text >= PHONE_SCREEN_HEIGHT) {
      problems.push(`at 375px the text starts ${m.text}px down, below a ${PHONE_SCREEN_HEIGHT}px screen`);
    }
    await page.close();
  }
  {
    const { page } = await openPage(context, site, urlPath, { width: 320 });
    // Every line of the trail starts with a crumb's text, never with a separator: the
    // leftmost piece of crumb text on each line is at the trail's left edge.
    const late = await page.evaluate(() => {
      const trail = document.querySelector(".breadcrumbs ol");
      if (!trail) return [];
      const left = trail.getBoundingClientRect().left;
      const lines = new Map();
      for (const a of trail.querySelectorAll("a")) {
        const range = document.createRange();
        range.selectNodeContents(a);
        for (const r of range.getClientRects()) {
          if (r.width === 0) continue;
          const y = Math.round(r.top);
          lines.set(y, Math.min(lines.get(y) ?? Infinity, r.left));
        }
      }
      return [...lines.values()].filter((x) => x - left > 1).map((x) => Math.round(x - left));
    });
    if (late.length) problems.push(`at 320px a line of the breadcrumb trail starts ${late.join(", ")}px in, after a separator`);
    await page.close();
  }
  {
    const { page } = await openPage(context, site, urlPath);
    if (await page.$("h2 .anchor, h3 .anchor")) {
      const rest = await page.evaluate(() => {
        const a = document.querySelector("h2 .anchor, h3 .anchor");
        const s = getComputedStyle(a);
        return { opacity: s.opacity, size: parseFloat(s.fontSize), heading: parseFloat(getComputedStyle(a.parentElement).fontSize) };
      });
      await page.focus("h2 .anchor, h3 .anchor");
      const focused = await page.evaluate(() => getComputedStyle(document.activeElement).opacity);
      if (rest.opacity !== "0") problems.push(`a heading anchor shows at rest (opacity ${rest.opacity})`);
      if (focused !== "1") problems.push(`a focused heading anchor does not show (opacity ${focused})`);
      if (!(rest.size < rest.heading)) problems.push(`a heading anchor is as large as its heading (${rest.size}px)`);
    }
    await page.close();
  }
  record(`phone layout ${site.name} ${label} (${urlPath})`, problems);
}

// Runs in the page: what a page of the theme must have, as a list of problems.
function structureProblems() {
  const problems = [];
  const q = (s) => document.querySelector(s);
  const qa = (s) => [...document.querySelectorAll(s)];
  if (!document.documentElement.lang) problems.push("no lang on <html>");
  if (!document.title.trim()) problems.push("empty <title>");
  const description = q('meta[name="description"]');
  if (!description || !description.content.trim()) problems.push("no meta description");
  const canonical = q('link[rel="canonical"]');
  if (!canonical || !/^https?:\/\//.test(canonical.getAttribute("href") || "")) problems.push("no absolute canonical URL");
  const h1s = qa("h1");
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements`);
  let level = 0;
  for (const h of qa("h1, h2, h3, h4, h5, h6")) {
    const next = Number(h.tagName[1]);
    if (level && next > level + 1) problems.push(`heading h${next} "${h.textContent.trim().slice(0, 40)}" follows h${level}`);
    level = next;
  }
  if (qa("main").length !== 1) problems.push("not exactly one <main>");
  if (!q("body > header, body > [role=banner]")) problems.push("no site <header>");
  if (!q("body > footer, body > [role=contentinfo]")) problems.push("no site <footer>");
  if (!q("nav")) problems.push("no <nav>");
  const first = q("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])");
  const target = first && first.hash && document.getElementById(first.hash.slice(1));
  if (!first || !first.classList.contains("skip-link") || !target || target.tagName !== "MAIN") {
    problems.push("the first focusable element is not a skip link to <main>");
  }
  const noAlt = qa("img:not([alt])");
  if (noAlt.length) problems.push(`${noAlt.length} images without alt`);
  // The theme works without JavaScript; the search page alone runs its one script.
  const searchScript = (s) => /\/js\/search\.js$/.test(s.getAttribute("src") || "") && q("#search");
  const scripts = qa('script:not([type="application/ld+json"])').filter((s) => !searchScript(s));
  if (scripts.length) problems.push(`${scripts.length} scripts (the theme works without JavaScript)`);
  return problems;
}

// The keyboard path into a page: Tab shows the skip link, Enter moves focus to <main>, and
// the next Tab stop has a visible focus outline.
async function checkKeyboard(context, site) {
  const { page } = await openPage(context, site, "/");
  const problems = [];
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return { isSkip: el.classList.contains("skip-link"), visible: box.width > 20 && box.height > 10 };
  });
  if (!skip.isSkip) problems.push("the first Tab stop is not the skip link");
  if (!skip.visible) problems.push("the focused skip link is not visible");
  await page.keyboard.press("Enter");
  const inMain = await page.evaluate(() => document.activeElement && document.activeElement.id === "main");
  if (!inMain) problems.push("Enter on the skip link does not move focus to <main>");
  await page.keyboard.press("Tab");
  const ring = await page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return { inMain: !!el.closest("main"), outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 };
  });
  if (!ring.inMain) problems.push("Tab after the skip link does not land inside <main>");
  if (!ring.outline) problems.push("the focused link has no visible outline");
  await page.screenshot({ path: path.join(args.shots, `${site.name}-focus-1280-light.png`) });
  await page.close();
  record(`${site.name} keyboard: skip link, focus into main, visible focus`, problems);
}

async function checkPrint(context, site, urlPath) {
  const { page } = await openPage(context, site, urlPath, { media: "print" });
  const p = await page.evaluate(() => {
    const hidden = (s) => [...document.querySelectorAll(s)].every((el) => getComputedStyle(el).display === "none");
    return {
      nav: hidden(".site-nav"),
      skip: hidden(".skip-link"),
      background: getComputedStyle(document.body).backgroundColor,
      colour: getComputedStyle(document.body).color,
    };
  });
  await page.pdf({ path: path.join(args.shots, `${site.name}-print.pdf`) });
  await page.close();
  const problems = [];
  if (!p.nav || !p.skip) problems.push("navigation or skip link printed");
  if (p.background !== "rgb(255, 255, 255)" || p.colour !== "rgb(0, 0, 0)") {
    problems.push(`printed ${p.colour} on ${p.background}, not black on white`);
  }
  record(`${site.name} print stylesheet (${urlPath})`, problems);
}

function parseArgs(argv) {
  const out = { sites: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) usage(`${key} needs a value`);
    if (key === "--chromium") out.chromium = value;
    else if (key === "--shots") out.shots = value;
    else if (key === "--results") out.results = value;
    else if (key === "--site") {
      const [name, dir, base] = value.split("=");
      if (!name || !dir || !base) usage(`--site wants NAME=DIR=URL, got ${value}`);
      out.sites.push({ name, dir, base: base.replace(/\/$/, ""), origin: new URL(base).origin });
    } else usage(`unknown option ${key}`);
  }
  if (!out.chromium || !out.shots || !out.results || !out.sites.length) usage("missing options");
  return out;
}

function usage(why) {
  console.error(`browser.mjs: ${why}\nusage: node browser.mjs --chromium PATH --shots DIR --results FILE --site NAME=DIR=URL...`);
  process.exit(2);
}

main().catch((err) => {
  console.error(`browser.mjs: ${err.stack || err}`);
  process.exit(2);
});
