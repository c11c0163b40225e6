// Starts the app. A file of its own because the server's Content-Security-Policy allows
// no inline script; Trunk.toml therefore turns off Trunk's injected loader. The build
// writes the hashed names of the files named here (cargo xtask spa-finish).
import init from '/zhibu.js';

// The service worker keeps the app, so it opens with no network after the first visit.
// Members' entries live in IndexedDB, never in its cache.
const worker = 'serviceWorker' in navigator;
if (worker) {
  // The rest of the app (every other page's code) is fetched for offline use only once
  // a member's first screen is drawn (the app says so with this event) and the phone is
  // idle, so it never competes with that screen.
  addEventListener(
    'zhibu:first-screen',
    () => {
      const idle = self.requestIdleCallback ?? ((f) => setTimeout(f, 1000));
      idle(
        async () => {
          const reg = await navigator.serviceWorker.ready;
          reg.active?.postMessage('precache');
        },
        { timeout: 10000 },
      );
    },
    { once: true },
  );
  // Once all of it is cached, every page opens offline (the end-to-end tests wait for it).
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data === 'precached') self.zhibuOffline = 'ready';
  });
}

await init({ module_or_path: '/zhibu_bg.wasm' });

if (worker) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('service worker', e));
}
