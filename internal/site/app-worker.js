// fixflow service worker, version {{.Version}}. It replaces go-app's worker:
// go-app's is cache-first on exact URLs, so a step URL with a query string
// would miss offline. This one precaches the shell, the wasm, the guides and
// the styles at install, answers every page of the guide offline (the page
// from the cache by its whole URL, else a stateless page in the same mode,
// else the cached shell, which the wasm turns into the right step), and never
// talks to another host.
const cacheName = "fixflow-{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const shellURL = "/";
const networkTimeout = 3000;

self.addEventListener("install", (event) => {
  // Requests other than GET never need this worker (it answers GETs only),
  // and going through it costs one: a beacon sent as a page goes (the
  // widget's counts, on pagehide) is lost when the worker hands it back to
  // a page that is gone. Where the browser can route them past the worker
  // (the Service Worker Static Routing API), it does.
  if (event.addRoutes) {
    event.addRoutes([{ condition: { not: { requestMethod: "GET" } }, source: "network" }]).catch(() => {});
  }
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
// long wait on a bad connection. Pages are kept by their whole URL, path and
// query: a step with a walk in its URL (?s=…), the same step without one and
// the same step in a host page's frame (?embed=1) are different pages, and
// the HTML of one must never stand for another (its links would carry on the
// wrong walk until the wasm runs, or for good without it).
async function page(request, url) {
  const cache = await caches.open(cacheName);
  try {
    const response = await withTimeout(fetch(request), networkTimeout);
    if (response.ok) {
      await cache.put(url.pathname + url.search, response.clone());
      await forgetOldWalks(cache);
    }
    return response;
  } catch (err) {
    const cached = await offlinePage(cache, url);
    if (cached) {
      return cached;
    }
    throw err;
  }
}

// offlinePage finds what to show offline for a URL: the page itself if it
// was kept; else a page of the same path, in the same mode (embedded or
// not), without a walk: it shows the step, and the wasm, which reads the
// walk from the URL, completes it; else the same for the guide's start;
// else the shell "/", the one page always precached, which only stands in
// until the wasm renders the URL. A page with another walk is never used.
async function offlinePage(cache, url) {
  const exact = await cache.match(url.pathname + url.search);
  if (exact) {
    return exact;
  }
  const embed = url.searchParams.get("embed") === "1";
  const stateless = [];
  for (const req of await cache.keys()) {
    const u = new URL(req.url);
    if (!u.searchParams.has("s") && (u.searchParams.get("embed") === "1") === embed) {
      stateless.push(u);
    }
  }
  const start = "/" + url.pathname.split("/")[1];
  for (const path of [url.pathname, start, shellURL]) {
    const same = stateless.filter((u) => u.pathname === path);
    // The plainest URL first: its display options are the fewest.
    same.sort((a, b) => a.search.length - b.search.length);
    if (same.length > 0) {
      return cache.match(same[0].pathname + same[0].search);
    }
  }
  return cache.match(shellURL);
}

// forgetOldWalks keeps the pages of the last maxWalkPages walk URLs: each
// answer makes a new URL, and the cache is not meant to grow for ever.
const maxWalkPages = 50;

async function forgetOldWalks(cache) {
  const walks = (await cache.keys()).filter((req) => new URL(req.url).searchParams.has("s"));
  for (const req of walks.slice(0, Math.max(0, walks.length - maxWalkPages))) {
    await cache.delete(req);
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
