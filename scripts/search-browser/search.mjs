// search.mjs: the example site's search in a real browser tab. Called by run.sh with the
// URL of `gazette serve` and the site's folder; prints one line per check and a closing
// `search browser test: N passed, N failed`.
import fs from "node:fs";
import path from "node:path";
import { args, check, finish, launch } from "../browser/checks.mjs";

const at = (relative) => new URL(relative, args.url).href;
const TIMEOUT = 20000;

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on("pageerror", (error) => errors.push(error.message));
const status = () => page.textContent(".search__status");
const titles = () => page.$$eval(".search-result__title a", (links) => links.map((a) => a.textContent.trim()));
// The status line once a search has answered (not "Searching…").
async function answered() {
  await page.waitForFunction(() => {
    const text = document.querySelector(".search__status")?.textContent || "";
    return text !== "" && !/Searching|正在搜索/.test(text);
  }, null, { timeout: TIMEOUT });
  return status();
}
const expect = (ok, message) => { if (!ok) throw new Error(message); };

await check("an English query lists the matching institution first", async () => {
  await page.goto(at("search/?q=pediatric"));
  const said = await answered();
  const found = await titles();
  expect(found[0] === "National Pediatric Clinical Research Center", `results: ${JSON.stringify(found)} (${said})`);
  const excerpt = await page.innerHTML(".search-result__excerpt");
  expect(/<mark>pediatric<\/mark>/i.test(excerpt), `no highlighted match in the excerpt: ${excerpt}`);
  const meta = await page.textContent(".search-result__meta");
  expect(meta.includes("Institutions"), `the result does not say its section: ${meta}`);
});

await check("a Chinese query finds the Chinese page by its name", async () => {
  await page.goto(at("zh/search/?q=" + encodeURIComponent("金凤实验室")));
  const said = await answered();
  const found = await titles();
  expect(found[0] === "金凤实验室", `results: ${JSON.stringify(found)} (${said})`);
  const links = await page.$$eval(".search-result__title a", (as) => as.map((a) => a.getAttribute("href")));
  expect(links.every((href) => href.startsWith("/zh/")), `a result outside the Chinese pages: ${links}`);
});

await check("a Chinese word found inside a longer sentence (segmentation)", async () => {
  // 脑疾病 appears only within "智能病理、脑科学与脑疾病，以及医学检测" on the Jinfeng page.
  await page.goto(at("zh/search/?q=" + encodeURIComponent("脑疾病")));
  const said = await answered();
  const found = await titles();
  expect(found.includes("金凤实验室"), `results: ${JSON.stringify(found)} (${said})`);
  const excerpt = await page.innerHTML(".search-result__excerpt");
  expect(excerpt.includes("<mark>"), `no highlighted match: ${excerpt}`);
});

await check("a filter narrows the results, and the address keeps it", async () => {
  await page.goto(at("search/?q=science"));
  await answered();
  const all = await titles();
  await page.check('.search__filters input[name=collection][value="News"]');
  await page.waitForFunction((n) => document.querySelectorAll(".search-result").length < n, all.length, { timeout: TIMEOUT });
  const news = await page.$$eval(".search-result__meta", (ps) => ps.map((p) => p.textContent));
  expect(news.length > 0 && news.length < all.length, `${news.length} of ${all.length} results left`);
  expect(news.every((m) => m.startsWith("News")), `a result that is not news: ${news}`);
  expect(new URL(page.url()).searchParams.getAll("collection").includes("News"), `address: ${page.url()}`);
});

await check("a query without a match says so, in each language", async () => {
  await page.goto(at("search/?q=xylophonequartz"));
  expect((await answered()).startsWith("No results"), `status: ${await status()}`);
  await page.goto(at("zh/search/?q=xylophonequartz"));
  expect((await answered()).startsWith("没有结果"), `status: ${await status()}`);
});

await check("the keyboard alone: header box, filter, back button", async () => {
  await page.goto(at("institutions/"));
  // Skip link, brand, the navigation's links, then the search box.
  let focused = "";
  for (let i = 0; i < 20 && focused !== "site-search-q"; i += 1) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement?.id || "");
  }
  expect(focused === "site-search-q", "Tab never reached the header's search box");
  await page.keyboard.type("laboratory");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/search\/\?q=laboratory/, { timeout: TIMEOUT });
  await answered();
  const before = (await titles()).length;
  expect(before > 1, `${before} results for laboratory`);
  // From the query box to the first filter checkbox.
  await page.focus("#search-q");
  for (let i = 0; i < 10; i += 1) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.type === "checkbox")) break;
  }
  expect(await page.evaluate(() => document.activeElement?.type === "checkbox"), "Tab never reached a filter");
  await page.keyboard.press("Space");
  await page.waitForFunction(() => location.search.includes("collection="), null, { timeout: TIMEOUT });
  await answered();
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes("collection="), null, { timeout: TIMEOUT });
  await page.waitForFunction((n) => document.querySelectorAll(".search-result").length === n, before, { timeout: TIMEOUT });
});

await check("serve: an edit is found by an open search without a restart", async () => {
  await page.goto(at("search/?q=zephyrwidget"));
  expect((await answered()).startsWith("No results"), `status before the edit: ${await status()}`);
  const file = path.join(args.site, "content/institutions/jinfeng-laboratory.md");
  fs.writeFileSync(file, fs.readFileSync(file, "utf8").trimEnd() + "\n\nIts newest instrument is the zephyrwidget.\n");
  await page.waitForFunction(() => [...document.querySelectorAll(".search-result__title a")].some((a) => a.textContent === "Jinfeng Laboratory"),
    null, { timeout: TIMEOUT });
});

await check("no script error on any page searched", async () => {
  expect(errors.length === 0, errors.join("; "));
});

await browser.close();
finish("search browser test");
