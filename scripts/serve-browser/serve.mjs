// serve.mjs: a real browser tab on `gazette serve`, reloading as files change on disk.
// Called by run.sh with the server's URL and the site's folder; prints one line per check
// and a closing `serve browser test: N passed, N failed`.
import fs from "node:fs";
import path from "node:path";
import { args, check, finish, launch } from "../browser/checks.mjs";

const NEWS = "content/news/2022/western-chongqing-science-city-builds-technology-innovation-center.md";
const NEWS_URL = new URL("news/2022/western-chongqing-science-city-builds-technology-innovation-center/", args.url).href;
const CSS = "themes/default/static/css/site.css";
const TIMEOUT = 20000;

const browser = await launch();
const page = await browser.newPage();
const file = relative => path.join(args.site, relative);
const edit = (relative, change) => fs.writeFileSync(file(relative), change(fs.readFileSync(file(relative), "utf8")));
// A mark on the window survives a stylesheet swap but not a reload.
const mark = () => page.evaluate(() => { window.__mark = true; });
const marked = () => page.evaluate(() => window.__mark === true);

await page.goto(NEWS_URL);
await page.waitForFunction(() => document.querySelector("h1"));

await check("an edited file reloads the open tab with the new text", async () => {
  await mark();
  edit(NEWS, text => text.replace("Speaking online at a press conference", "Speaking live at a press conference"));
  await page.waitForFunction(() => document.body.innerText.includes("Speaking live at a press conference"), null, { timeout: TIMEOUT });
  if (await marked()) throw new Error("the text changed without a reload");
});

await check("a stylesheet edit restyles the tab without a reload", async () => {
  await mark();
  edit(CSS, text => `${text}\nbody { outline: 3px solid rgb(1, 2, 3); }\n`);
  await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)", null, { timeout: TIMEOUT });
  if (!(await marked())) throw new Error("the page reloaded for a stylesheet change");
});

await check("a broken file shows the error overlay, the fix removes it", async () => {
  edit(NEWS, text => text.replace("institutions:\n  - jinfeng-laboratory", "institutions:\n  - jinfeng-lab"));
  await page.waitForSelector("#gazette-errors", { timeout: TIMEOUT });
  const overlay = await page.textContent("#gazette-errors");
  if (!overlay.includes("jinfeng-lab") || !overlay.includes(NEWS)) throw new Error(`overlay says: ${overlay.slice(0, 200)}`);
  edit(NEWS, text => text.replace("  - jinfeng-lab\n", "  - jinfeng-laboratory\n"));
  await page.waitForFunction(() => !document.querySelector("#gazette-errors"), null, { timeout: TIMEOUT });
});

await browser.close();
finish("serve browser test");
