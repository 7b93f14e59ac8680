// cms.mjs: the editor at /admin/ in a real browser, saving through `gazette serve`.
// Called by run.sh with the server's URL and the site's folder; prints one line per check
// and a closing `cms browser test: N passed, N failed`.
import fs from "node:fs";
import path from "node:path";
import { args, check, finish, launch } from "../browser/checks.mjs";

const TIMEOUT = 30000;
const TITLE = "Jinfeng Laboratory and Chongqing Medical University open a pediatric data centre";
const SLUG = "jinfeng-laboratory-and-chongqing-medical-university-open-a-pediatric-data-centre";
const DATE = "2024-05-20";
const FILE = `content/news/2024/${SLUG}.md`;
const PAGE_URL = new URL(`news/2024/${SLUG}/`, args.url).href;
const BROKEN_TITLE = "A centre that links to nowhere";
const BROKEN_FILE = "content/news/2024/a-centre-that-links-to-nowhere.md";

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
const file = relative => path.join(args.site, relative);
const errors = [];
page.on("pageerror", error => errors.push(error.message));

// Polls until `probe` returns a truthy value, for files and pages that follow a save.
async function until(what, probe) {
  const end = Date.now() + TIMEOUT;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

async function fetchText(url) {
  const response = await fetch(url);
  return response.ok ? response.text() : null;
}

// The editor's field with this label, in the first (default language) pane.
const field = name => page.locator(`[id^="${name}-field-"]`).first();

// Picks `option` in a relation or select widget by typing part of it.
async function pick(name, typed, option) {
  const input = field(name);
  await input.click();
  await input.fill(typed);
  await page.locator('[class*="option"]', { hasText: option }).first().click({ timeout: TIMEOUT });
}

async function newNews(title) {
  await page.goto(new URL("admin/#/collections/news/new", args.url).href);
  await field("title").waitFor({ timeout: TIMEOUT });
  await field("title").fill(title);
  await field("date").fill(DATE);
}

async function publish() {
  await page.getByRole("button", { name: "Publish" }).first().click();
  await page.getByText("Publish now").click();
}

await check("the editor finds gazette serve's API and opens without a login", async () => {
  await page.goto(new URL("admin/", args.url).href);
  // The local proxy backend shows one button instead of a git host's sign-in.
  await page.getByRole("button", { name: "Login" }).click({ timeout: TIMEOUT });
  await page.getByText("Institutions").first().waitFor({ timeout: TIMEOUT });
  await page.getByText("Jinfeng Laboratory").first().waitFor({ timeout: TIMEOUT });
});

await check("a news item with two institutions and a tag is saved as Markdown with that front matter", async () => {
  await newNews(TITLE);
  await pick("institutions", "Jinfeng", "Jinfeng Laboratory");
  await pick("institutions", "Chongqing Medical", "Chongqing Medical University");
  await pick("tags", "pediatr", "pediatrics");
  await field("summary").fill("A data centre for children's health research opens in the Science City.");
  await publish();
  const text = await until(`${FILE} on disk`, () => fs.existsSync(file(FILE)) && fs.readFileSync(file(FILE), "utf8"));
  for (const expected of [`title: ${TITLE}`, "date: 2024-05-20", "- jinfeng-laboratory", "- chongqing-medical-university", "- pediatrics"]) {
    if (!text.includes(expected)) throw new Error(`${FILE} lacks "${expected}":\n${text}`);
  }
});

await check("the site rebuilds: the new page lists both institutions", async () => {
  const html = await until(PAGE_URL, () => fetchText(PAGE_URL));
  for (const name of ["Jinfeng Laboratory", "Chongqing Medical University"]) {
    if (!html.includes(name)) throw new Error(`${PAGE_URL} does not name ${name}`);
  }
});

await check("each institution's page shows the new item as a backlink", async () => {
  for (const slug of ["jinfeng-laboratory", "chongqing-medical-university"]) {
    const url = new URL(`institutions/${slug}/`, args.url).href;
    await until(`the backlink on ${url}`, async () => (await fetchText(url))?.includes(`news/2024/${SLUG}/`));
  }
});

await check("an item gazette refuses shows gazette's error in the editor and writes nothing", async () => {
  await newNews(BROKEN_TITLE);
  const body = page.locator('[data-slate-editor="true"]').first();
  await body.click();
  await page.keyboard.type("See [the centre](@/institutions/pediatric-data-centre.md).");
  await publish();
  const shown = page.getByText("pediatric-data-centre.md").first();
  await shown.waitFor({ timeout: TIMEOUT });
  const message = await page.locator("body").innerText();
  if (!message.includes(BROKEN_FILE)) throw new Error(`the editor's message names no file:\n${message.slice(0, 600)}`);
  if (fs.existsSync(file(BROKEN_FILE))) throw new Error(`${BROKEN_FILE} was written`);
});

await page.screenshot({ path: path.join(args.site, "..", "cms.png") });
if (errors.length) console.log(`page errors: ${errors.join(" | ").slice(0, 400)}`);
await browser.close();
finish("cms browser test");
