// Starts the app. A file of its own because the server's Content-Security-Policy allows
// no inline script; Trunk.toml therefore turns off Trunk's injected loader.
import init from '/zhibu.js';

init({ module_or_path: '/zhibu_bg.wasm' });
