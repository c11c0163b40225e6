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
      await cache.addAll([...SHELL, ...styles].map((url) => new Request(url, { cache: 'no-cache' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('zhibu-shell-') && key !== CACHE) await caches.delete(key);
      }
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
  const hit = await cache.match(key);
  if (hit) return hit;
  return fetch(request);
}
