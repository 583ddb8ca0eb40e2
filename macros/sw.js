// Service worker of the guide (written to the site root by macros/offline.py,
// which fills in VERSION and RUNTIME). It makes repeat visits fast and lets a
// worksheet that was opened once work without a network:
// - on install, it stores the Pyodide runtime and this build's snapshot parts
//   (usually straight from the HTTP cache, since the page has just loaded them),
//   and the search's index and lunr files, which a worksheet page loads last;
// - those files never change under the same name within one VERSION: cache first;
// - everything else (pages, assets, runtime.json, the lock file and the
//   wheel): network first, the cache only when the network is gone.
// A response is handed to the page at once and stored beside it, never after.
// VERSION carries the Pyodide version and the hashes of our wheel, our
// snapshot and the brotli decoder; a new VERSION installs a new cache and
// deletes the old ones.
const VERSION = "__VERSION__";
const RUNTIME = __RUNTIME__; // paths relative to this file
const PREFIX = "__PREFIX__";
const CACHE = PREFIX + VERSION;
// Not in Firefox: there a navigation whose preload request fails (offline)
// fails as a whole (NS_ERROR_NET_RESET), although this worker answers it from
// its cache (Firefox 153; workbox issue 3134 saw it in Firefox 107).
const PRELOAD = !/\bFirefox\//.test(self.navigator.userAgent);
const IMMUTABLE =
  /\/assets\/pyodide\/(pyodide\.mjs|pyodide\.asm\.mjs|pyodide\.asm\.wasm(\.br)?|python_stdlib\.zip|brotli_dec_wasm(\.js|_bg\.wasm)|[^/]+\.snapshot\.br\.\d+)$/;

self.addEventListener("install", (event) => {
  self.skipWaiting();
  // Best effort: a file that fails here is stored when it is first served.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.allSettled(RUNTIME.map((path) => cache.add(new URL(path, self.location.href))))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    Promise.all([
      // A page's request goes out while this worker is still starting up.
      self.registration.navigationPreload && self.registration.navigationPreload[PRELOAD ? "enable" : "disable"](),
      caches
        .keys()
        .then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key)))),
    ]).then(() => self.clients.claim()),
  );
});

// The cache is made on install; a worker whose cache is gone has been
// replaced by a newer build and must not make it again.
async function ownCache() {
  return (await caches.has(CACHE)) ? caches.open(CACHE) : null;
}

function store(event, cache, request, response) {
  if (cache && response.ok) event.waitUntil(cache.put(request, response.clone()).catch(() => {}));
  return response;
}

async function cacheFirst(event) {
  const cache = await ownCache();
  const hit = cache && (await cache.match(event.request));
  if (hit) return hit;
  return store(event, cache, event.request, await fetch(event.request));
}

async function networkFirst(event) {
  const cache = await ownCache();
  try {
    const response = (await event.preloadResponse) || (await fetch(event.request));
    return store(event, cache, event.request, response);
  } catch (error) {
    const hit = cache && (await cache.match(event.request, { ignoreVary: true }));
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(IMMUTABLE.test(url.pathname) ? cacheFirst(event) : networkFirst(event));
});
