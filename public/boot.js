// Starts the app. A file of its own because the server's Content-Security-Policy allows
// no inline script; Trunk.toml therefore turns off Trunk's injected loader.
import init from '/zhibu.js';

await init({ module_or_path: '/zhibu_bg.wasm' });

// The service worker keeps the app shell, so the app opens with no network after the
// first visit. Members' entries live in IndexedDB, never in this cache.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('service worker', e));
}
