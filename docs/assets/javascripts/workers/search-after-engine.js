// Material's search worker, held back on worksheet pages until the worksheet
// engine is ready. Building the search index takes a core for some 100 ms,
// which on a two-core machine comes straight off Python's start; a reader
// who opens the search in that half second sees Material's "initialising"
// until it answers.
//
// macros/plugin/html_edits.py (with_search_after_engine) points Material's configuration at this file on
// worksheet pages, with the real worker's file name after "#". It lives next
// to that worker because the worker loads its language files relative to its
// own address. Messages from the page wait here and are replayed, in order,
// once the real worker has loaded. fast-start.js says "settled" on the channel
// when the engine is ready (or has failed); a page without it still gets its
// search after FALLBACK_MS.
"use strict";
(() => {
  const CHANNEL = "worksheet-engine";
  const FALLBACK_MS = 4000;
  const name = decodeURIComponent(self.location.hash.slice(1));
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) throw new Error("search-after-engine.js: no search worker named");

  // Firefox cancels a worker's loads when the reader leaves or reloads the page
  // (NS_BINDING_ABORTED); importScripts, here or in Material's worker, then
  // throws, and the page reported an uncaught error for a search nobody needs
  // any more. Only that error is kept from the page; any other still shows.
  self.addEventListener("error", (event) => {
    if (String(event.message).includes("NS_BINDING_ABORTED")) event.preventDefault();
  });

  const held = [];
  const hold = (event) => held.push(event.data);
  self.addEventListener("message", hold);

  // A browser without BroadcastChannel gets its search at once.
  const channel = self.BroadcastChannel ? new BroadcastChannel(CHANNEL) : null;
  let timer = 0;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    if (channel) channel.close();
    clearTimeout(timer);
    self.removeEventListener("message", hold);
    importScripts(name);
    for (const data of held.splice(0)) self.dispatchEvent(new MessageEvent("message", { data }));
  };
  if (!channel) {
    start();
    return;
  }
  channel.onmessage = (event) => {
    if (event.data === "settled") start();
  };
  timer = setTimeout(start, FALLBACK_MS);
  // The engine may have settled before this worker started listening.
  channel.postMessage("asking");
})();
