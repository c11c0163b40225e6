import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// A second server for the specs that start where a real organisation starts: an empty
// database set up only with what the README tells its IT to run (`admin init`), never
// `--demo`. The suite's own server (playwright.config.ts) keeps the demo for every other
// spec, so the two never share a database.
//
// From a spec:
//
//   let org: OrgServer;
//   test.beforeAll(async () => { org = await startOrgServer(); });
//   test.afterAll(async () => { await org?.stop(); });
//   // API: const api = await request.newContext({ baseURL: org.baseURL });
//   // UI:  const context = await browser.newContext({ ...PHONE, baseURL: org.baseURL });
//
// Each call is a new organisation, so a spec that runs in two projects (phone and
// desktop) gets its own in each.

export interface OrgServer {
  baseURL: string;
  /** The first administrator's login, as given to `admin init`. */
  adminLogin: string;
  adminName: string;
  organisation: string;
  /** The one-time activation code `admin init` printed (`XXXX-XXXX-XXXX`). */
  adminCode: string;
  /** Ends the server and removes its folder (database included). */
  stop(): Promise<void>;
}

export interface OrgServerOptions {
  organisation?: string;
  adminLogin?: string;
  adminName?: string;
}

// The same binary and build as the suite's server (see playwright.config.ts); relative
// defaults are resolved against the e2e folder, where Playwright runs.
const BIN = resolve(process.env.ZHIBU_SERVER_BIN ?? '../target/debug/zhibu-server');
const DIST = resolve(process.env.ZHIBU_DIST ?? '../dist');

const run = promisify(execFile);

/** A port nobody listens on now (the OS picks it; the server binds it a moment later). */
async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

/** The code from `admin init`'s output (server/src/admin.rs prints it on a line
 * `activation code: XXXX-XXXX-XXXX  (one use, …)`). */
export function parseActivationCode(stdout: string): string {
  const code = /activation code:\s*([A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4})/.exec(stdout)?.[1];
  if (!code) throw new Error(`admin init printed no activation code:\n${stdout}`);
  return code;
}

async function healthy(url: string, server: ChildProcess, log: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`the organisation's server exited (${server.exitCode}):\n${log()}`);
    }
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the organisation's server did not answer ${url} in ${timeoutMs} ms:\n${log()}`);
}

/** Starts a server on a new, empty database, set up with `admin init` as the README says. */
export async function startOrgServer(options: OrgServerOptions = {}): Promise<OrgServer> {
  const organisation = options.organisation ?? '某某局机关党委';
  const adminLogin = options.adminLogin ?? 'admin';
  const adminName = options.adminName ?? '张管理';
  const folder = await mkdtemp(join(tmpdir(), 'zhibu-org-'));
  const databaseUrl = `sqlite://${folder}/org.db`;
  let server: ChildProcess | undefined;
  try {
    const init = await run(
      BIN,
      ['admin', 'init', '--org', organisation, '--login', adminLogin, '--name', adminName, '--database-url', databaseUrl],
      { env: { ...withoutZhibuSettings(process.env), RUST_LOG: 'warn' } },
    );
    const adminCode = parseActivationCode(init.stdout);

    const port = await freePort();
    let output = '';
    server = spawn(
      BIN,
      ['--bind', `127.0.0.1:${port}`, '--dist', DIST, '--database-url', databaseUrl],
      { env: withoutZhibuSettings(process.env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => {
      // Only for the error message when it fails to start; bounded so a long run
      // does not hold every log line.
      output = (output + chunk.toString()).slice(-20_000);
    };
    server.stdout?.on('data', keep);
    server.stderr?.on('data', keep);
    const baseURL = `http://127.0.0.1:${port}`;
    await healthy(`${baseURL}/healthz`, server, () => output, 30_000);

    const child = server;
    return {
      baseURL,
      adminLogin,
      adminName,
      organisation,
      adminCode,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (e) {
    server?.kill('SIGKILL');
    await rm(folder, { recursive: true, force: true });
    throw e;
  }
}

// Every server flag is also a ZHIBU_* variable: one set for the suite's demo server
// (ZHIBU_DEMO, say) must not reach the organisation's.
function withoutZhibuSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('ZHIBU_')));
}
