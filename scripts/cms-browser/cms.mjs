// cms.mjs: the editor at /admin/ in a real browser, saving through `gazette serve`.
// Called by run.sh with the server's URL and the site's folder; prints one line per check
// and a closing `cms browser test: N passed, N failed`.
import fs from "node:fs";
import path from "node:path";
import { args, check, finish, launch } from "../browser/checks.mjs";

const TIMEOUT = 30000;
const TITLE = "Two institutions open a pediatric data centre";
const SLUG = "two-institutions-open-a-pediatric-data-centre";
const DATE = "2024-05-20";
const FILE = `content/news/2024/${SLUG}.md`;
const PAGE_URL = new URL(`news/2024/${SLUG}/`, args.url).href;

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

async function newNews(title, chineseTitle) {
  await page.goto(new URL("admin/#/collections/news/new", args.url).href);
  await field("title").waitFor({ timeout: TIMEOUT });
  await field("title").fill(title);
  // The Chinese pane beside it: the editor asks for a translation's title too.
  await page.locator('[id^="title-field-"]').nth(1).fill(chineseTitle);
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
  await newNews(TITLE, "两家机构开设儿科数据中心");
  await pick("institutions", "Jinfeng", "Jinfeng Laboratory");
  await pick("institutions", "Chongqing Medical", "Chongqing Medical University");
  await pick("tags", "pediatr", "pediatrics");
  await field("summary").fill("A data centre for children's health research opens in the Science City.");
  await publish();
  // The editor saves the two files one after the other: wait for both, not the first alone.
  const chinese = file(FILE.replace(/\.md$/, ".zh-Hans.md"));
  const translated = () => fs.existsSync(chinese) && fs.readFileSync(chinese, "utf8").includes("儿科数据中心");
  const text = await until(`${FILE} and its Chinese translation beside it on disk`, () => translated() && fs.existsSync(file(FILE)) && fs.readFileSync(file(FILE), "utf8"));
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

await check("an item whose body links to a missing institution is refused, with gazette's error in the editor", async () => {
  const broken = "content/news/2024/a-story-with-a-broken-link.md";
  await newNews("A story with a broken link", "一篇链接有误的新闻");
  // The author links text through the toolbar's Link button, which asks for the address.
  page.once("dialog", dialog => dialog.accept("@/institutions/no-such-lab.md"));
  await page.locator('[aria-label="markdown field"] [contenteditable="true"]').first().click();
  await page.keyboard.type("The new laboratory ");
  await page.locator('[aria-label="markdown field"] button[title="Link"]').first().click();
  await publish();
  const toast = page.getByText("Failed to persist entry").first();
  await toast.waitFor({ timeout: TIMEOUT });
  const shown = await toast.innerText();
  for (const expected of ["the link target `@/institutions/no-such-lab.md` does not exist", "hint:"]) {
    if (!shown.includes(expected)) throw new Error(`the editor's error lacks "${expected}": ${shown}`);
  }
  if (!new RegExp(`${broken}:\\d+:\\d+`).test(shown)) throw new Error(`the editor's error names no line of ${broken}: ${shown}`);
  if (fs.existsSync(file(broken))) throw new Error(`${broken} was written despite the error`);
});

await page.screenshot({ path: process.env.CMS_SCREENSHOT || path.join(args.site, "..", "cms.png") });
if (errors.length) console.log(`page errors: ${errors.join(" | ").slice(0, 400)}`);
await browser.close();
finish("cms browser test");
