// run.js — drives chromium through the khabar web page with playwright-core:
// searches in Devanagari and in Latin letters, checks the interpretation,
// filters by source, opens an article, goes back, and saves screenshots.
// usage: node run.js BASE_URL OUTDIR [CHROMIUM]
"use strict";
const { chromium } = require("playwright-core");
const assert = require("assert");
const path = require("path");

const [base, outdir, exe] = process.argv.slice(2);
if (!base || !outdir) {
  console.error("usage: node run.js BASE_URL OUTDIR [CHROMIUM]");
  process.exit(2);
}

function step(msg) {
  console.log("ok - " + msg);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: exe || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const problems = [];
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "hi-IN" });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  // a 400 is what the malformed query below is meant to get
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 400/.test(m.text())) problems.push("console: " + m.text());
  });
  page.setDefaultTimeout(15000);

  await page.goto(base + "/");
  await page.waitForSelector(".home .examples a");
  step("home page with example searches");

  // Devanagari search from the box
  await page.fill("#q", "पहलगाम");
  await page.press("#q", "Enter");
  await page.waitForSelector(".hit h3 a");
  assert.match(decodeURIComponent(page.url()), /\?q=पहलगाम/);
  const n = await page.locator(".hit").count();
  assert.ok(n >= 3, "at least 3 hits for पहलगाम, got " + n);
  assert.ok((await page.locator(".hit mark").count()) > 0, "snippets mark the matched word");
  assert.match(await page.textContent(".summary"), /ख़बरें/);
  assert.ok(await page.locator(".timeline rect.bar").count() > 0, "the timeline has bars");
  assert.ok(await page.locator("aside .facet li").count() > 0, "the source facet is listed");
  step("Devanagari search: " + n + " hits, marks, timeline, facets");

  // Latin letters, read as Devanagari
  await page.fill("#q", "pahalgam hamla");
  await page.press("#q", "Enter");
  await page.waitForSelector(".interp");
  const interp = await page.textContent(".interp");
  assert.match(interp, /pahalgam\s*→\s*पहलगाम/, "interpretation shows pahalgam → पहलगाम: " + interp);
  await page.waitForSelector(".hit h3 a");
  await page.screenshot({ path: path.join(outdir, "browser-results.png"), fullPage: true });
  step("romanized search interpreted: " + interp.replace(/\s+/g, " ").trim());

  // a source filter from the facet, then clear it
  const facet = page.locator("aside .facet li a").first();
  const src = (await facet.textContent()).trim();
  await facet.click();
  await page.waitForSelector(".chip");
  assert.match(decodeURIComponent(page.url()), new RegExp("source=" + src.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "(\\+| )")));
  for (const s of await page.locator(".hit .meta .src").allTextContents())
    assert.strictEqual(s.trim(), src, "every hit is from the chosen source");
  await page.goBack();
  await page.waitForFunction(() => !document.querySelector(".chip"));
  step("source filter '" + src + "' and back");

  // open an article, then back to the results
  const first = page.locator(".hit h3 a").first();
  const title = (await first.textContent()).trim();
  const resultsUrl = page.url();
  await first.click();
  await page.waitForSelector("article.story h1");
  assert.match(page.url(), /\/article\//);
  assert.strictEqual((await page.textContent("article.story h1")).trim(), title);
  assert.ok(await page.locator("article.story p").count() > 1, "the article shows its paragraphs");
  step("article opened: " + title);
  await page.goBack();
  await page.waitForSelector(".hit h3 a");
  assert.strictEqual(page.url(), resultsUrl);
  assert.strictEqual(await page.inputValue("#q"), "pahalgam hamla");
  step("back button returns to the results");

  // an article by its URL (bookmark), with a standfirst and a heading
  await page.goto(base + "/?q=" + encodeURIComponent("कहवा"));
  await page.waitForSelector(".hit h3 a");
  await page.locator(".hit h3 a").first().click();
  await page.waitForSelector("article.story .standfirst");
  assert.ok(await page.locator("article.story h2").count() > 0, "section headings shown");
  await page.screenshot({ path: path.join(outdir, "browser-article.png"), fullPage: true });
  const direct = page.url();
  await page.goto(direct);
  await page.waitForSelector("article.story .standfirst");
  step("article by URL with standfirst and sections");

  // pages of results: the next page starts at 11, and back returns
  await page.goto(base + "/?q=" + encodeURIComponent("में"));
  await page.waitForSelector(".pager a[rel=next]");
  const firstPage = await page.locator(".hit h3 a").first().textContent();
  await page.locator(".pager a[rel=next]").click();
  await page.waitForFunction(() => document.querySelector("ol.hits") && document.querySelector("ol.hits").start === 11);
  assert.match(page.url(), /page=2/);
  assert.notStrictEqual(await page.locator(".hit h3 a").first().textContent(), firstPage);
  await page.goBack();
  await page.waitForFunction(() => document.querySelector("ol.hits") && document.querySelector("ol.hits").start === 1);
  step("pagination and back");

  // a query the server rejects, and one that finds nothing
  await page.goto(base + "/?q=" + encodeURIComponent('"unclosed'));
  await page.waitForSelector(".error, .hit, .note");
  await page.goto(base + "/?q=" + encodeURIComponent("zzzxqvw"));
  await page.waitForSelector(".note");
  step("no-result and malformed queries answered on the page");

  // a phone
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
                                            isMobile: true, hasTouch: true, locale: "hi-IN" });
  const pp = await phone.newPage();
  pp.on("pageerror", (e) => problems.push("page error (phone): " + e.message));
  await pp.goto(base + "/?q=" + encodeURIComponent("बारिश"));
  await pp.waitForSelector(".hit h3 a");
  const overflow = await pp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, "no sideways scrolling on a phone (overflow " + overflow + "px)");
  await pp.screenshot({ path: path.join(outdir, "browser-results-phone.png"), fullPage: true });
  step("phone layout without sideways scrolling");

  await browser.close();
  assert.deepStrictEqual(problems, [], "no errors in the page");
  step("no page or console errors");
}

main().catch((e) => {
  console.error("not ok - " + (e && e.stack ? e.stack : e));
  process.exit(1);
});
