// `cargo xtask lighthouse`: Lighthouse's mobile defaults (simulated slow 4G, 4× CPU
// slowdown) on Debian's Chromium, against the release server the xtask started with the
// demo. Prints the medians of each case; a benchmark, not a test.
//
// Cases:
//   login       /login, logged out, empty cache
//   home-first  / for a logged-in member, first visit: empty cache, storage and service
//               worker cleared (Lighthouse keeps cookies, so the session stays)
//   home-repeat / for the same member again, service worker and local store warm
//
// Usage: node run.mjs <base url> [runs per case, default 3] [json report dir]

import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import puppeteer from 'puppeteer-core';
import { writeFileSync, mkdirSync } from 'node:fs';

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
const reports = process.argv[4];
if (!base) {
  console.error('usage: node run.mjs <base url> [runs] [report dir]');
  process.exit(2);
}
const member = { login: 'wangjianguo', password: 'zhibu-demo-2026' };

const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

async function withChrome(f) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: FLAGS,
  });
  try {
    return await f(chrome.port);
  } finally {
    await chrome.kill();
  }
}

async function browser(port) {
  const res = await fetch(`http://127.0.0.1:${port}/json/version`);
  const { webSocketDebuggerUrl } = await res.json();
  return puppeteer.connect({ browserWSEndpoint: webSocketDebuggerUrl, defaultViewport: null });
}

async function logIn(port) {
  const b = await browser(port);
  const page = await b.newPage();
  await page.goto(`${base}/login`);
  const status = await page.evaluate(async (m) => {
    const r = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(m),
    });
    return r.status;
  }, member);
  if (status !== 200) throw new Error(`login answered ${status}`);
  await page.close();
  b.disconnect();
}

/// Opens the page in a tab and waits for the service worker to have precached the other
/// parts, as a member's phone would have after a first visit.
async function warm(port, path) {
  const b = await browser(port);
  const page = await b.newPage();
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle0' });
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    for (let i = 0; i < 100; i++) {
      const keys = await caches.keys();
      const ok = await Promise.all(keys.map(async (k) => (await (await caches.open(k)).keys()).length));
      if (reg.active && ok.some((n) => n > 20)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  await page.close();
  b.disconnect();
}

async function audit(port, path, { keepStorage }) {
  const result = await lighthouse(
    `${base}${path}`,
    {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
      disableStorageReset: keepStorage,
    },
  );
  const a = result.lhr.audits;
  return {
    score: Math.round(result.lhr.categories.performance.score * 100),
    fcp: a['first-contentful-paint'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    cls: a['cumulative-layout-shift'].numericValue,
    bytes: a['total-byte-weight'].numericValue,
    requests: a['network-requests']?.details?.items?.length ?? 0,
    finalUrl: result.lhr.finalDisplayedUrl,
    report: result.report,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

function summary(name, results) {
  const m = (k) => median(results.map((r) => r[k]));
  const range = (k, f) => results.map((r) => f(r[k])).join(' / ');
  const s = (ms) => (ms / 1000).toFixed(2) + ' s';
  const kib = (b) => (b / 1024).toFixed(0) + ' KiB';
  console.log(
    `${name.padEnd(12)} score ${m('score')}  FCP ${s(m('fcp'))}  LCP ${s(m('lcp'))}  ` +
      `TBT ${m('tbt').toFixed(0)} ms  CLS ${m('cls').toFixed(3)}  ${kib(m('bytes'))} in ${m('requests')} requests`,
  );
  console.log(`${''.padEnd(12)} runs: score ${range('score', (x) => x)}; LCP ${range('lcp', s)}; TBT ${range('tbt', (x) => x.toFixed(0))}`);
  for (const r of results) {
    if (!r.finalUrl.startsWith(base)) throw new Error(`${name} ended on ${r.finalUrl}`);
  }
  if (reports) {
    mkdirSync(reports, { recursive: true });
    results.forEach((r, i) => writeFileSync(`${reports}/${name}-${i + 1}.json`, r.report));
  }
}

const cases = (process.env.ZHIBU_LIGHTHOUSE_CASES ?? 'login,home-first,home-repeat').split(',');

if (cases.includes('login')) {
  const results = [];
  await withChrome(async (port) => {
    for (let i = 0; i < runs; i++) results.push(await audit(port, '/login', { keepStorage: false }));
  });
  summary('login', results);
}

if (cases.includes('home-first')) {
  const results = [];
  await withChrome(async (port) => {
    await logIn(port);
    for (let i = 0; i < runs; i++) results.push(await audit(port, '/', { keepStorage: false }));
  });
  for (const r of results) {
    if (new URL(r.finalUrl).pathname !== '/') throw new Error(`home-first ended on ${r.finalUrl}`);
  }
  summary('home-first', results);
}

if (cases.includes('home-repeat')) {
  const results = [];
  await withChrome(async (port) => {
    await logIn(port);
    await warm(port, '/');
    for (let i = 0; i < runs; i++) results.push(await audit(port, '/', { keepStorage: true }));
  });
  summary('home-repeat', results);
}
