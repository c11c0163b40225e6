// The app's service worker: after the first visit the app opens with no network.
//
// The build (`cargo xtask spa-finish`) writes in this build's id and its two lists of
// files, whose names carry their content's hash:
// - SHELL, what index.html links (and the manifest): cached at install. The page has
//   just fetched these, so they come from the browser's HTTP cache, not the network.
// - PARTS, every page's wasm chunk, the member pages' styles and the other icons: cached
//   only when the page says its first screen is drawn and the phone is idle (boot.js), so
//   they never compete with the first screen for the connection. A part fetched earlier
//   because the member opened its page is kept as it passes.
// Each build has a cache of its own, so a page only ever gets files of the build its
// index.html names; the previous build's cache stays one build longer for a page still
// running that build. /api is never cached here: the app's data lives in IndexedDB and
// syncs through the outbox.
const BUILD = '__ZHIBU_BUILD__';
const SHELL = __ZHIBU_SHELL__;
const PARTS = __ZHIBU_PARTS__;
const PREFIX = 'zhibu-';
const CACHE = `${PREFIX}${BUILD}`;
const OURS = new Set([...SHELL, ...PARTS]);
// The 管理 pages need the server whatever is cached (the roll is never edited offline),
// and most phones are members': their code is fetched when first opened, never ahead.
const ONLINE_ONLY = /\/split_org\.wasm$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // index.html names this build's files: fetch it fresh, never from the HTTP cache.
      await cache.addAll(
        SHELL.map((url) => new Request(url, { cache: url === '/index.html' ? 'no-cache' : 'default' })),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // keys() lists caches in the order they were made: keep this one and the one before.
      const older = (await caches.keys()).filter((k) => k.startsWith(PREFIX) && k !== CACHE);
      for (const key of older.slice(0, -1)) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data !== 'precache') return;
  event.waitUntil(
    (async () => {
      if (await precacheParts()) event.source?.postMessage('precached');
    })(),
  );
});

/** Whether every part is in this build's cache now. */
async function precacheParts() {
  const cache = await caches.open(CACHE);
  const have = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  // One at a time: the member may be using the connection meanwhile.
  for (const url of PARTS) {
    if (have.has(url) || ONLINE_ONLY.test(url)) continue;
    try {
      await cache.add(url);
    } catch (e) {
      // Offline again, or a build replaced this one: the next visit tries again.
      return false;
    }
  }
  return true;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
  if (request.mode === 'navigate') {
    // Every app route is the same single page.
    event.respondWith(fromCacheOr('/index.html', event));
    return;
  }
  event.respondWith(fromCacheOr(url.pathname, event));
});

async function fromCacheOr(key, event) {
  const cache = await caches.open(CACHE);
  // Names carry their content's hash, so another build's cache may answer too: a page
  // still running the previous build finds its files there.
  const hit = (await cache.match(key)) ?? (await caches.match(key));
  if (hit) return hit;
  const response = await fetch(event.request);
  if (response.ok && OURS.has(key) && key !== '/index.html') {
    event.waitUntil(cache.put(key, response.clone()));
  }
  return response;
}
