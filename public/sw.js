// The app shell's service worker: after the first visit the app opens with no network.
// Each build stamps BUILD (Trunk.toml's post-build hook) so a new build installs a new
// worker, which fetches the whole shell into a fresh cache before it takes over: the
// HTML, JS and wasm in use always come from the same build. /api is never cached here:
// the app's data lives in IndexedDB and syncs through the outbox.
const BUILD = '__ZHIBU_BUILD__';
const CACHE = `zhibu-shell-${BUILD}`;
const SHELL = [
  '/',
  '/index.html',
  '/boot.js',
  '/zhibu.js',
  '/zhibu_bg.wasm',
  '/__wasm_split.js',
  '/pages.css',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon.svg',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // CSS file names come from index.html, so the list needs no update when styles move.
      const html = await (await fetch('/index.html', { cache: 'no-cache' })).text();
      const styles = [...html.matchAll(/href="(\/[^"]+\.css)"/g)].map((m) => m[1]);
      // Every page's wasm chunk, listed by the build, so a page never opened before
      // still opens offline.
      const chunks = await (await fetch('/wasm-chunks.json', { cache: 'no-cache' })).json();
      await cache.addAll([...SHELL, ...styles, ...chunks].map((url) => new Request(url, { cache: 'no-cache' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // The previous build's cache stays one build longer: a page still running that
      // build may yet open a page whose chunk it has not loaded (chunks are per build,
      // under /wasm/<build>/). keys() lists caches in the order they were created.
      const older = (await caches.keys()).filter((k) => k.startsWith('zhibu-shell-') && k !== CACHE);
      for (const key of older.slice(0, -1)) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
  if (request.mode === 'navigate') {
    // Every app route is the same single page.
    event.respondWith(fromCacheOr('/index.html', request));
    return;
  }
  event.respondWith(fromCacheOr(url.pathname, request));
});

async function fromCacheOr(key, request) {
  const cache = await caches.open(CACHE);
  // Files with stable names come from this build's cache only; a chunk's path names its
  // build, so the previous build's cache may answer it.
  const hit = (await cache.match(key)) ?? (key.startsWith('/wasm/') ? await caches.match(key) : undefined);
  if (hit) return hit;
  return fetch(request);
}
