import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

// What a phone receives from the release build that `cargo xtask run` serves: every file
// of the app over 1 KB comes compressed, and every file but the entry points is cached for
// a year under its hashed name (cargo xtask spa-finish, server/src/static_files.rs).

const dist = path.resolve(process.env.ZHIBU_DIST ?? '../dist');

/** The service worker's two lists, which name every file of the build. */
function appFiles(): string[] {
  const sw = fs.readFileSync(path.join(dist, 'sw.js'), 'utf8');
  const list = (name: string) => JSON.parse(sw.match(new RegExp(`const ${name} = (\\[[^\\]]*\\]);`))![1]) as string[];
  return [...list('SHELL'), ...list('PARTS')];
}

test('every app file over 1 KB is sent compressed, and hashed names are cached for a year', async ({ request }) => {
  const files = appFiles();
  expect(files.length).toBeGreaterThan(20);
  let compressed = 0;
  for (const url of files) {
    const size = fs.statSync(path.join(dist, url)).size;
    const response = await request.get(url, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(response.status(), url).toBe(200);
    const headers = response.headers();
    expect(headers['vary'], url).toContain('accept-encoding');
    // PNG is compressed already: another layer would only add bytes.
    if (size > 1024 && !url.endsWith('.png')) {
      expect(headers['content-encoding'], `${url} (${size} B)`).toBe('br');
      compressed++;
    }
    const entry = url === '/index.html' || url === '/manifest.webmanifest';
    expect(headers['cache-control'], url).toBe(entry ? 'no-cache' : 'public, max-age=31536000, immutable');
  }
  expect(compressed).toBeGreaterThan(10);
  for (const entry of ['/', '/sw.js']) {
    const response = await request.get(entry, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(response.headers()['cache-control'], entry).toBe('no-cache');
    expect(response.headers()['content-encoding'], entry).toBe('br');
  }
});
