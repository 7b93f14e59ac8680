// first_search.mjs: what a visitor's browser downloads for its first search, measured in
// headless Chromium on a built site.
//
//   node benches/search/first_search.mjs OUTPUT_DIR QUERY [CHROMIUM]
//
// Serves OUTPUT_DIR on 127.0.0.1, opens /search/?q=QUERY with the default theme, waits
// for the results, and prints the bytes of every response the search needed (the theme's
// search.js and everything under /pagefind/), by kind, as JSON.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const [root, query, executablePath = "/usr/bin/chromium"] = process.argv.slice(2);
const types = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".json": "application/json" };
const server = http
  .createServer((req, res) => {
    let file = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    if (file.endsWith("/")) file += "index.html";
    const full = path.join(root, file);
    if (!full.startsWith(path.resolve(root)) || !fs.existsSync(full)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(full)] || "application/octet-stream" });
    res.end(fs.readFileSync(full));
  })
  .listen(0, "127.0.0.1");
await new Promise((resolve) => server.on("listening", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
const sizes = {};
page.on("response", async (response) => {
  const url = new URL(response.url());
  if (!url.pathname.startsWith("/pagefind/") && !url.pathname.endsWith("/search.js")) return;
  const kind = url.pathname.endsWith(".pf_fragment") ? "fragments"
    : url.pathname.endsWith(".pf_index") ? "index chunks"
    : url.pathname.endsWith(".pf_filter") ? "filters"
    : url.pathname.endsWith(".pf_meta") ? "metadata"
    : url.pathname.includes("wasm") ? "WebAssembly"
    : "JavaScript and entry";
  const body = await response.body().catch(() => Buffer.alloc(0));
  sizes[kind] = (sizes[kind] || 0) + body.length;
});
await page.goto(`${base}/search/?q=${encodeURIComponent(query)}`);
await page.waitForFunction(() => document.querySelectorAll(".search-result__excerpt").length > 0, null, { timeout: 60000 });
await page.waitForTimeout(500);
const results = await page.$$eval(".search-result", (r) => r.length);
await browser.close();
server.close();
const total = Object.values(sizes).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ query, results_shown: results, bytes: sizes, total }));
