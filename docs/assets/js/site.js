// Keep the language switcher pointing at the same page in the other language.
// Material's instant navigation swaps only the page body, so the header's
// links, rendered for the first page, would go stale; recompute them from the
// current path on every page (document$ emits after each navigation).
(function () {
  "use strict";

  function updateLanguageLinks() {
    var links = Array.prototype.slice.call(document.querySelectorAll("a.md-select__link[hreflang][data-root]"));
    if (!links.length) return;
    var path = location.pathname;
    // The longest root that prefixes the path is the current language's root.
    var current = links
      .map(function (link) { return new URL(link.dataset.root, location.href).pathname; })
      .filter(function (root) { return path.indexOf(root) === 0; })
      .sort(function (a, b) { return b.length - a.length; })[0];
    if (current === undefined) return;
    var rest = path.slice(current.length);
    links.forEach(function (link) {
      link.href = new URL(link.dataset.root, location.href).pathname + rest + location.hash;
    });
  }

  // The service worker (sw.js at the site root) caches what a worksheet
  // needs, so a second visit is fast and works offline. It is registered only
  // where a worksheet is, so article readers never download the runtime.
  function registerServiceWorker() {
    var form = document.querySelector("form[data-worksheet][data-runtime]");
    if (!form || !("serviceWorker" in navigator)) return;
    var root = new URL("../../", new URL(form.dataset.runtime, location.href));
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname }).catch(function (error) {
      console.warn("service worker:", error);
    });
  }

  function onPage() {
    updateLanguageLinks();
    registerServiceWorker();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(onPage);
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
})();
