// browser.mjs: the default theme checked in a real browser. Called by run.sh, which builds the
// sites, serves each on 127.0.0.1 and installs what this needs; not meant to be run alone.
//
//   node browser.mjs --chromium /usr/bin/chromium --shots DIR --results FILE \
//                    --site NAME=OUTPUT_DIR=http://127.0.0.1:PORT ...
//
// For each site it picks the pages to check from the built output (home, the institution and
// the news item with the most on them; where the site has pictures, the biggest institution
// with a logo, news item with a lead picture, news item with a figure in its text and news
// item without a lead picture; a list with pagination, the institutions' list, the biggest
// tag, the tag index, the about page, 404) and, with playwright-core driving the machine's
// Chromium:
//   - runs axe-core (WCAG 2.1 A/AA and best practices) in the light and the dark scheme,
//     failing on any serious or critical violation;
//   - checks the page's structure: lang, title, description, canonical URL, one h1,
//     headings in order, landmarks, a skip link first, alt text, no script, and no request
//     that leaves the local server (no web fonts or frameworks fetched from elsewhere);
//   - checks its pictures at 375 and 1280 px: each loads, has its width and height (nothing
//     shifts as it loads) and is the copy of its srcset that its box needs (its `sizes`
//     matches the layout); a story's lead picture is fetched first and never lazily;
//   - checks that nothing overflows horizontally at 375 px and 320 px;
//   - checks the layout on a phone: at 375 px the site header is at most PHONE_HEADER_MAX px
//     tall and an item's text (news.html, page.html) starts on the first screen of a
//     375 × 667 phone, but for its lead picture, which starts there itself; at 320 px no
//     line of the breadcrumb trail starts with a separator; and, at 1280 px, heading
//     anchors are unseen until focused and smaller than their heading;
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
        await checkPictures(context, site, label, urlPath);
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

// What the default theme writes for a page's pictures, to find pages that have them.
const HAS_LOGO = (html) => html.includes('class="entry__logo"');
const HAS_LEAD = (html) => html.includes('<figure class="lead">');
const HAS_FIGURE = (html) => /<div class="prose">[\s\S]*<figure>/.test(html);
// An item's page (not the redirect from an old address) without a lead picture.
const HAS_NO_LEAD = (html) => html.includes('<article class="entry') && !HAS_LEAD(html);

// The pages of a built site to check, as [label, URL path]: the ones with the most on them,
// and those that show pictures each way the theme shows them.
function pickPages(dir) {
  const pages = [["home", "/"]];
  // The biggest item page under `sub` whose HTML passes `want`.
  const biggest = (sub, want = () => true) => {
    const root = path.join(dir, sub);
    if (!fs.existsSync(root)) return null;
    let best = null;
    for (const file of walk(root)) {
      if (path.basename(file) !== "index.html" || file === path.join(root, "index.html")) continue;
      const rel = path.relative(dir, path.dirname(file)).split(path.sep).join("/");
      if (rel.includes("/page/")) continue;
      const size = fs.statSync(file).size;
      const better = !best || size > best.size || (size === best.size && rel < best.rel);
      if (better && want(fs.readFileSync(file, "utf8"))) best = { rel, size };
    }
    return best && `/${best.rel}/`;
  };
  // A page already checked under another label is not checked again.
  const add = (label, urlPath) => urlPath && !pages.some(([, p]) => p === urlPath) && pages.push([label, urlPath]);
  const addItems = (prefix, lang) => {
    add(`${prefix}institution`, biggest(`${lang}institutions`));
    add(`${prefix}institution-logo`, biggest(`${lang}institutions`, HAS_LOGO));
    add(`${prefix}news`, biggest(`${lang}news`));
    add(`${prefix}news-lead`, biggest(`${lang}news`, HAS_LEAD));
    add(`${prefix}news-figure`, biggest(`${lang}news`, HAS_FIGURE));
    add(`${prefix}news-no-lead`, biggest(`${lang}news`, HAS_NO_LEAD));
  };
  addItems("", "");
  const paged = path.join(dir, "news", "page", "2", "index.html");
  add("list", fs.existsSync(paged) ? "/news/page/2/" : fs.existsSync(path.join(dir, "news")) ? "/news/" : null);
  // The institutions' list: a card for each, with its logo where it has one.
  add("institution-list", fs.existsSync(path.join(dir, "institutions", "index.html")) ? "/institutions/" : null);
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
    addItems(`${lang} `, `${lang}/`);
    add(`${lang} list`, fs.existsSync(path.join(dir, lang, "news", "index.html")) ? `/${lang}/news/` : null);
    add(`${lang} institution-list`, fs.existsSync(path.join(dir, lang, "institutions", "index.html")) ? `/${lang}/institutions/` : null);
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
      // institution's page opens with its profile, by design). A story's lead picture
      // above it is part of the story, not furniture: the text may start below the first
      // screen by the picture's height, and the picture must start on it.
      const text = document.querySelector(".entry:not(.entry--institution) .prose > p");
      const lead = document.querySelector(".entry .lead");
      const top = (el) => Math.round(el.getBoundingClientRect().top + window.scrollY);
      return {
        header: header ? Math.round(header.getBoundingClientRect().height) : 0,
        text: text ? top(text) : null,
        lead: lead ? { top: top(lead), height: Math.round(lead.getBoundingClientRect().height) } : null,
      };
    });
    if (m.header > PHONE_HEADER_MAX) problems.push(`at 375px the header is ${m.header}px tall (at most ${PHONE_HEADER_MAX})`);
    const furniture = m.text === null ? null : m.text - (m.lead ? m.lead.height : 0);
    if (furniture !== null && furniture >= PHONE_SCREEN_HEIGHT) {
      const less = m.lead ? `, ${furniture}px less the lead picture's ${m.lead.height}px,` : "";
      problems.push(`at 375px the text starts ${m.text}px down${less} below a ${PHONE_SCREEN_HEIGHT}px screen`);
    }
    if (m.lead && m.lead.top >= PHONE_SCREEN_HEIGHT) {
      problems.push(`at 375px the lead picture starts ${m.lead.top}px down, below a ${PHONE_SCREEN_HEIGHT}px screen`);
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

// The page's pictures at 375 and 1280 px, every lazy one brought in: each loads, has its
// width and height (so nothing shifts as it loads), and is the copy its box needs, the
// narrowest of its srcset at least as wide as it shows (a `sizes` that does not match the
// layout fetches a copy too large, or a blurred one); a story's lead picture, the largest
// thing on its first screen, is fetched first and never lazily.
async function checkPictures(context, site, label, urlPath) {
  const problems = [];
  for (const width of SHOT_WIDTHS) {
    const { page } = await openPage(context, site, urlPath, { width });
    const lead = await page.evaluate(() => {
      const img = document.querySelector(".lead img");
      return img && { lazy: img.loading === "lazy", priority: img.getAttribute("fetchpriority") };
    });
    if (lead && lead.lazy) problems.push(`at ${width}px the lead picture loads lazily`);
    if (lead && lead.priority !== "high") problems.push(`at ${width}px the lead picture has no fetchpriority="high"`);
    const found = await page.evaluate(async () => {
      const imgs = [...document.querySelectorAll("main img")].filter((img) => new URL(img.src).origin === location.origin);
      for (const img of imgs) img.loading = "eager";
      await Promise.all(imgs.map((img) => img.decode().catch(() => {})));
      const out = [];
      for (const img of imgs) {
        const name = img.getAttribute("src").split("/").pop();
        if (!img.hasAttribute("width") || !img.hasAttribute("height")) out.push(`${name} has no width and height`);
        if (!img.complete || img.naturalWidth === 0) {
          out.push(`${name} does not load`);
          continue;
        }
        if (!img.srcset) continue;
        // The copies the browser chose from (the WebP <source>'s, where it took one), as
        // [absolute URL, width]; naturalWidth is no help, being scaled by `sizes`.
        const source = img.currentSrc.endsWith(".webp") && img.parentElement.querySelector("source[type='image/webp']");
        const copies = (source ? source.srcset : img.srcset)
          .split(",")
          .map((c) => c.trim().split(/\s+/))
          .map(([url, w]) => [new URL(url, location.href).href, parseInt(w, 10)])
          .sort((a, b) => a[1] - b[1]);
        const chosen = copies.find(([url]) => url === img.currentSrc);
        const box = Math.round(img.getBoundingClientRect().width * devicePixelRatio);
        const want = (copies.find(([, w]) => w >= box) ?? copies[copies.length - 1])[1];
        if (!chosen || chosen[1] !== want) {
          const got = chosen ? `its ${chosen[1]}px copy` : img.currentSrc;
          out.push(`${name} is shown ${box}px wide from ${got}, not the ${want}px copy (sizes="${img.sizes}")`);
        }
      }
      return out;
    });
    problems.push(...found.map((f) => `at ${width}px ${f}`));
    await page.close();
  }
  record(`pictures ${site.name} ${label} (${urlPath})`, problems);
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
