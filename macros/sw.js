// Service worker of the guide (written to the site root by macros/offline.py,
// which fills in VERSION). It makes repeat visits fast and lets a worksheet
// that was opened once work without a network:
// - the Pyodide runtime files and the hashed snapshot never change under the
//   same name within one VERSION: cache first;
// - everything else (pages, assets, runtime.json, the lock file and the
//   wheel): network first, the cache only when the network is gone.
// VERSION carries the Pyodide version and the hashes of our wheel and
// snapshot; a new VERSION installs a new cache and deletes the old ones.
const VERSION = "__VERSION__";
const PREFIX = "netzwerk-guide-";
const CACHE = PREFIX + VERSION;
const IMMUTABLE = /\/assets\/pyodide\/(pyodide\.mjs|pyodide\.asm\.mjs|pyodide\.asm\.wasm|python_stdlib\.zip|[^/]+\.snapshot\.gz)$/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request, { ignoreVary: true });
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(IMMUTABLE.test(url.pathname) ? cacheFirst(event.request) : networkFirst(event.request));
});
