// fixflow service worker, version {{.Version}}. It replaces go-app's worker:
// go-app's is cache-first on exact URLs, so a step URL with a query string
// would miss offline. This one precaches the shell, the wasm, the guides and
// the styles at install, answers every page of the guide offline (the page
// from the cache, else the cached shell, which the wasm turns into the right
// step), and never talks to another host.
const cacheName = "fixflow-{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const shellURL = "/";
const networkTimeout = 3000;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    await cache.addAll(resourcesToCache);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return; // the browser handles it; nothing here goes to another host
  }
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
    return;
  }
  if (url.pathname === "/app-worker.js") {
    return;
  }
  event.respondWith(asset(request));
});

// page: the network first, so an online user gets fresh HTML, but never a
// long wait on a bad connection; offline, the cached copy of this path (any
// query string), else the cached shell.
async function page(request, url) {
  const cache = await caches.open(cacheName);
  try {
    const response = await withTimeout(fetch(request), networkTimeout);
    if (response.ok) {
      cache.put(url.pathname, response.clone());
    }
    return response;
  } catch (err) {
    const cached = (await cache.match(url.pathname)) ||
      (await cache.match(request, { ignoreSearch: true })) ||
      (await cache.match(shellURL));
    if (cached) {
      return cached;
    }
    throw err;
  }
}

// asset: the cache first (precached at install; hashed names never change),
// ignoring query strings; else the network, kept for next time.
async function asset(request) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    cache.put(request, response.clone());
  }
  return response;
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("network timeout")), ms);
    promise.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e) => { clearTimeout(timer); reject(e); },
    );
  });
}
