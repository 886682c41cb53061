// Starts a dev node for a test and talks to it through Polkadot.js.

import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { ApiPromise, WsProvider } from '@polkadot/api';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The node binary: `SEQCHAIN_NODE`, else the release build in the cargo target dir. */
export function nodeBinary() {
  if (process.env.SEQCHAIN_NODE) return process.env.SEQCHAIN_NODE;
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
  return join(target, 'release', 'seqchain-node');
}

/** A TCP port nobody listens on now. */
export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/**
 * Starts `seqchain-node --dev` on free ports (the p2p port `p2pPort` if given, and `extraArgs`
 * appended) with a fresh database, its log in
 * `logs/<tag>-node.log`, and connects Polkadot.js (`api`, over `provider`, which also reaches
 * the node's own RPC methods). `stop()` kills the node and removes the database; the log stays
 * for reading.
 */
export async function startDevNode(tag, { p2pPort, extraArgs = [] } = {}) {
  const rpcPort = await freePort();
  const base = mkdtempSync(join(tmpdir(), `seqchain-${tag}-`));
  mkdirSync(join(ROOT, 'logs'), { recursive: true });
  const logPath = join(ROOT, 'logs', `${tag}-node.log`);
  const log = createWriteStream(logPath);
  const child = spawn(
    nodeBinary(),
    [
      '--dev',
      '--base-path', base,
      '--rpc-port', String(rpcPort),
      '--port', String(p2pPort ?? (await freePort())),
      '--prometheus-port', String(await freePort()),
      '--no-mdns',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const kill = () => { if (exited === null) child.kill('SIGKILL'); };
  process.on('exit', kill);

  const stop = async (api) => {
    if (api) await api.disconnect().catch(() => {});
    if (exited === null) {
      child.kill('SIGTERM');
      await new Promise((ok) => {
        const t = setTimeout(() => { child.kill('SIGKILL'); ok(); }, 10_000);
        child.on('exit', () => { clearTimeout(t); ok(); });
      });
    }
    process.off('exit', kill);
    rmSync(base, { recursive: true, force: true });
  };

  // The RPC server opens a few seconds after start.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`the node exited (${JSON.stringify(exited)}); see ${logPath}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the node's RPC did not open within 120 s; see ${logPath}`);
    }
    const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`, false);
    try {
      await provider.connect();
      await new Promise((ok, fail) => {
        const t = setTimeout(() => fail(new Error('timeout')), 2_000);
        provider.on('connected', () => { clearTimeout(t); ok(); });
        provider.on('error', () => { clearTimeout(t); fail(new Error('refused')); });
      });
      const api = await ApiPromise.create({ provider, noInitWarn: true });
      return { api, provider, logPath, stop: () => stop(api) };
    } catch {
      await provider.disconnect().catch(() => {});
      await new Promise((ok) => setTimeout(ok, 1_000));
    }
  }
}

/** The name of a failed dispatch's error: `pallet.Error` for module errors. */
export function errorName(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  if (dispatchError.isToken) return `Token.${dispatchError.asToken.type}`;
  if (dispatchError.isArithmetic) return `Arithmetic.${dispatchError.asArithmetic.type}`;
  return dispatchError.type;
}

/**
 * Signs `tx` with `signer` (or sends it unsigned if `signer` is null) and resolves with its
 * events once it is in a block or final, whichever @polkadot/api reports first; rejects with
 * the error's name if it failed.
 *
 * Both, because @polkadot/api (16.5.6, `submittable/createClass.js`) reads the watch statuses
 * through `switchMap`: a `Finalized` that arrives while `InBlock`'s events are still being
 * fetched cancels that fetch, and `InBlock` is never reported. With GRANDPA voting for the best
 * block, finality comes about a second after import, and at a runtime upgrade's block the
 * fetch takes longer (the node compiles the new runtime, the api builds a registry for the
 * parent's): a client that waits for `InBlock` alone waits forever.
 */
export function send(api, tx, signer) {
  return new Promise((ok, fail) => {
    const onStatus = ({ status, events, dispatchError }) => {
      if (dispatchError) {
        fail(new Error(errorName(api, dispatchError)));
      } else if (status.isInBlock || status.isFinalized) {
        ok(events.map(({ event }) => event));
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        fail(new Error(`transaction ${status.type}`));
      }
    };
    const sent = signer ? tx.signAndSend(signer, onStatus) : tx.send(onStatus);
    sent.catch(fail);
  });
}

/** Resolves with the first event `section.method` that `filter` accepts, within `blocks`. */
export function waitForEvent(api, section, method, { filter = () => true, blocks = 200 } = {}) {
  return new Promise((ok, fail) => {
    let seen = 0;
    let unsub = null;
    api.query.system.events((records) => {
      seen += 1;
      for (const { event } of records) {
        if (event.section === section && event.method === method && filter(event)) {
          unsub?.();
          ok(event);
          return;
        }
      }
      if (seen > blocks) {
        unsub?.();
        fail(new Error(`no ${section}.${method} within ${blocks} blocks`));
      }
    }).then((u) => { unsub = u; }, fail);
  });
}

/** Resolves with the first best block number above `after`. */
function nextBlock(api, after) {
  return new Promise((ok, fail) => {
    let unsub = null;
    let done = false;
    api.rpc.chain.subscribeNewHeads((header) => {
      const n = header.number.toNumber();
      if (done || n <= after) return;
      done = true;
      unsub?.();
      ok(n);
    }).then((u) => { unsub = u; if (done) u(); }, fail);
  });
}

/** Resolves once `check()` is true, checking at each new best block, for up to `blocks`. */
export async function waitUntil(api, check, { blocks = 200, what = 'the condition' } = {}) {
  let at = (await api.rpc.chain.getHeader()).number.toNumber();
  const last = at + blocks;
  while (at <= last) {
    if (await check()) return;
    at = await nextBlock(api, at);
  }
  throw new Error(`${what} did not hold within ${blocks} blocks`);
}
