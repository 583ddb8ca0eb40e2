// Gets the worksheets' runtime ready before the reader opens one. On a page
// whose text links to a worksheet (the article, the worksheets overview, the
// start page), once the page has loaded and the browser is idle, this
// registers the service worker (sw.js at the site root), which stores the
// runtime in its cache on install (macros/sw.js): the first worksheet the
// reader opens then starts as fast as on a repeat visit. While the page
// loads, it downloads nothing of the runtime.
// Only when the browser says the connection allows it: no Save-Data, not a
// slow effective type (slow-2g, 2g, 3g), not a cellular one. A browser that
// says nothing about its connection (no navigator.connection) is not warmed:
// the download (some 9 MB) could be metered.
(function () {
  "use strict";

  var SLOW = ["slow-2g", "2g", "3g"];
  var IDLE_TIMEOUT_MS = 5000;
  var script = document.currentScript;
  var root = script ? new URL("../../", script.src) : null;

  function connectionAllows() {
    var connection = navigator.connection;
    if (!connection) return false;
    if (connection.saveData) return false;
    if (SLOW.indexOf(connection.effectiveType) >= 0) return false;
    return connection.type !== "cellular";
  }

  function linksToWorksheet() {
    if (document.querySelector("form[data-worksheet]")) return false; // a worksheet page registers it itself
    var pattern = /\/worksheets\/[a-z0-9-]+\/$/;
    var links = document.querySelectorAll(".md-content a[href]");
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin === location.origin && url.pathname.indexOf(root.pathname) === 0 && pattern.test(url.pathname)) {
        return true;
      }
    }
    return false;
  }

  var done = false;

  function warm() {
    if (done) return;
    if (!root || !("serviceWorker" in navigator) || !connectionAllows() || !linksToWorksheet()) return;
    done = true;
    performance.mark("runtime-warm-up");
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname }).catch(function (error) {
      console.warn("service worker:", error);
    });
  }

  function whenIdle() {
    if ("requestIdleCallback" in window) window.requestIdleCallback(warm, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(warm, 1000);
  }

  // On this page once it has loaded, and on every page instant navigation brings (site.js).
  function onPage() {
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
  }
  if (window.siteEveryPage) window.siteEveryPage(onPage);
  else onPage();
})();
