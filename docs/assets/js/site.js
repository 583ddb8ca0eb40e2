// Keep the language switcher pointing at the same page in the other language.
// Material's instant navigation swaps only the page body, so the header's
// links, rendered for the first page, would go stale; recompute them from the
// current path on every page (document$ emits after each navigation).
(function () {
  "use strict";

  function updateLanguageLinks() {
    var links = Array.prototype.slice.call(document.querySelectorAll("a.md-select__link[hreflang][data-root]"));
    if (!links.length) return;
    // data-root is relative to the page the header was rendered for (so the
    // site works under any path); fix it as an absolute path the first time.
    links.forEach(function (link) { link.dataset.root = new URL(link.dataset.root, location.href).pathname; });
    var path = location.pathname;
    // The longest root that prefixes the path is the current language's root.
    var current = links
      .map(function (link) { return link.dataset.root; })
      .filter(function (root) { return path.indexOf(root) === 0; })
      .sort(function (a, b) { return b.length - a.length; })[0];
    if (current === undefined) return;
    var rest = path.slice(current.length);
    links.forEach(function (link) {
      link.href = link.dataset.root + rest + location.hash;
    });
  }

  // Material's instant navigation catches clicks on links into another
  // language and looks the page up in that language's sitemap; when the site
  // is served from another address than site_url (a preview, a test server),
  // the lookup fails and it opens the language's start page instead. Our
  // links are already right, so they go straight to the browser.
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target instanceof Element && event.target.closest("a.md-select__link[hreflang][data-root]");
      if (link) event.stopPropagation();
    },
    true,
  );

  // Runs fn on this page and on every page instant navigation brings. On a
  // worksheet page opened directly, Material's bundle (and its document$)
  // arrives only after Python has started, with a DOMContentLoaded of its
  // own (macros/worksheet_boot.js); until then fn runs on the real one.
  function everyPage(fn) {
    function follow() {
      document$.subscribe(function () { fn(); });
    }
    if (typeof document$ !== "undefined") {
      follow();
      return;
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn, { once: true });
    else fn(); // a deferred script: the page is parsed
    document.addEventListener("DOMContentLoaded", function material() {
      if (typeof document$ === "undefined") return; // the real one
      document.removeEventListener("DOMContentLoaded", material);
      follow();
    });
  }
  window.siteEveryPage = everyPage; // worksheet.js uses it too

  everyPage(updateLanguageLinks);
})();
