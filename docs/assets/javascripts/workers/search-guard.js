// Material's search worker, behind a guard that keeps one browser's noise out of the page.
//
// Firefox cancels a worker's loads when the reader leaves or reloads the page
// (NS_BINDING_ABORTED); importScripts, here or in Material's worker, then
// throws, and the page reported an uncaught error for a search nobody needs
// any more. Only that error is kept from the page; any other still shows.
//
// macros/plugin/html_edits.py (with_search_guard) points Material's configuration at this file on
// worksheet pages; the build writes the real worker's file name below
// (macros/plugin/post_build.py, name_search_worker). Until 2026-12-03 the name
// came after "#" in the address, which WebKit loses when the service worker
// serves this file from its cache. It lives next to that worker because the
// worker loads its language files relative to its own address. Until 2026-12-02 it also held the worker back until Python was
// ready; an A/B on four throttled links gave 0.99–1.00 x, so it loads it at once.
"use strict";
(() => {
  const name = "__SEARCH_WORKER__";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) throw new Error("search-guard.js: no search worker named");
  self.addEventListener("error", (event) => {
    if (String(event.message).includes("NS_BINDING_ABORTED")) event.preventDefault();
  });
  importScripts(name);
})();
