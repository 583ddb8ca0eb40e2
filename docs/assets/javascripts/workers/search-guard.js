// Material's search worker, behind a guard that keeps one browser's noise out of the page.
//
// Firefox cancels a worker's loads when the reader leaves or reloads the page;
// importScripts, here or in Material's worker, then throws ("NS_BINDING_ABORTED",
// or "A ServiceWorker intercepted the request and encountered an unexpected
// error" when our service worker answered it), and the page reported an
// uncaught error for a search nobody needs any more. So each error of this
// worker reaches the page only if the page is still there LEAVE_WAIT_MS later:
// a page that has gone has taken this worker with it. A real failure (a
// language file that cannot be loaded) still shows, two seconds later.
//
// macros/plugin/html_edits.py (with_search_guard) points Material's configuration at this file on
// worksheet pages; the build writes the real worker's file name below
// (macros/plugin/post_build.py, name_search_worker). Until 2026-12-03 the name
// came after "#" in the address, which WebKit loses when the service worker
// serves this file from its cache. It lives next to that worker because the
// worker loads its language files relative to its own address. Until
// 2026-12-02 it also held the worker back until Python was ready; an A/B on
// four throttled links gave 0.99–1.00 x, so it loads it at once.
"use strict";
(() => {
  const name = "__SEARCH_WORKER__"; // the build writes Material's worker's file name here
  const LEAVE_WAIT_MS = 2000;
  const held = new WeakSet(); // errors already held back once
  // Raised again the way it came: thrown, or (Material's worker loads its
  // language files in an async handler) as a rejection.
  const holdBack = (event, error, raise) => {
    if (held.has(error)) return; // its second time: on to the page
    event.preventDefault();
    held.add(error);
    setTimeout(() => raise(error), LEAVE_WAIT_MS);
  };
  const asError = (value) => (value instanceof Object ? value : new Error(String(value)));
  self.addEventListener("error", (event) =>
    holdBack(event, asError(event.error ?? event.message), (error) => {
      throw error;
    }),
  );
  self.addEventListener("unhandledrejection", (event) =>
    holdBack(event, asError(event.reason), (error) => Promise.reject(error)),
  );
  importScripts(name);
})();
