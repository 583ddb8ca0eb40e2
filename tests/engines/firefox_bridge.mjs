// Drives Debian's Firefox ESR over WebDriver BiDi with puppeteer-core, for
// tests/engines/firefox.py. One JSON request a line on stdin, one JSON answer
// a line on stdout: {id, op, ...} -> {id, value} or {id, error}.
//
//   {op: "newTab"}                         a fresh browser context (own storage) and a page in it
//   {op: "goto", url} / {op: "reload"}     waits for the load event
//   {op: "evaluate", expression}           awaits a promise the expression returns; the value as JSON
//   {op: "fill", selector, text}           clears the field, then types the text
//   {op: "click", selector}
//   {op: "errors"}                         uncaught page errors since the tab opened
//   {op: "closeTab"} / {op: "quit"}
//
// Firefox is started with the executable and the profile folder named on the
// command line: firefox_bridge.mjs <firefox> <profile-dir>.
import puppeteer from "puppeteer-core";
import { createInterface } from "node:readline";

const [executablePath, userDataDir] = process.argv.slice(2);
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  userDataDir,
  headless: true,
  extraPrefsFirefox: {
    // The Clipboard API answers without asking the (absent) reader.
    "dom.events.testing.asyncClipboard": true,
    // Nothing but 127.0.0.1: no update checks, telemetry or captive-portal probes.
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "app.update.enabled": false,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
  },
});

let context = null;
let page = null;
let errors = [];
const TIMEOUT_MS = 60000;

const ops = {
  async newTab() {
    context = await browser.createBrowserContext();
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    await page.setViewport({ width: 1280, height: 900 }); // as the other engines
    errors = [];
    page.on("pageerror", (error) => errors.push(String(error && (error.message || error))));
    if (process.env.BRIDGE_DEBUG) page.on("pageerror", (error) => process.stderr.write("PAGEERROR " + (error && error.stack) + "\n"));
    return null;
  },
  async goto({ url }) {
    await page.goto(url, { waitUntil: "load" });
    return null;
  },
  async reload() {
    await page.reload({ waitUntil: "load" });
    return null;
  },
  async evaluate({ expression }) {
    return await page.evaluate(expression);
  },
  async fill({ selector, text }) {
    await page.locator(selector).fill(text);
    return null;
  },
  async click({ selector }) {
    await page.click(selector);
    return null;
  },
  async errors() {
    return errors;
  },
  async closeTab() {
    if (context) await context.close();
    context = page = null;
    return null;
  },
  async quit() {
    await browser.close();
    return null;
  },
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const request = JSON.parse(line);
  let answer;
  try {
    const value = await ops[request.op](request);
    answer = { id: request.id, value: value === undefined ? null : value };
  } catch (error) {
    answer = { id: request.id, error: String((error && error.stack) || error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
  if (request.op === "quit") break;
}
process.exit(0);
