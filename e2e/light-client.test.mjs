// A real light client follows the chain: smoldot (npm, pinned in package-lock.json) starts from
// the dev chain's raw spec exported by the node, with the node as its only bootnode; it syncs,
// follows finality, and reads a rollup's state by proof, both as plain storage
// (`Inbox::Rollups`) and through the typed runtime API (`InboxApi_rollup`): equal to what the
// full node says at the same block. No custom RPC is involved.
//
// Run by `e2e/run.sh` (part of `scripts/test.sh`).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { start as startSmoldot } from 'smoldot';

import { freePort, nodeBinary, send, startDevNode, waitUntil } from './lib/chain.mjs';

let chain;
let api;
let smoldot;
let light;
let nextId = 1;
// Answers to requests by id, and the finalized heads smoldot announced.
const answers = new Map();
const finalized = [];

/** Sends a JSON-RPC request to smoldot; resolves with its result (rejects with its error). */
async function lightRpc(method, params = []) {
  const id = nextId++;
  light.sendJsonRpc(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  const deadline = Date.now() + 120_000;
  while (!answers.has(id)) {
    if (Date.now() > deadline) throw new Error(`smoldot did not answer ${method}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
  const answer = answers.get(id);
  answers.delete(id);
  if (answer.error) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
  return answer.result;
}

/** Reads smoldot's answers and notifications as they come. */
async function pump() {
  for (;;) {
    let text;
    try {
      text = await light.nextJsonRpcResponse();
    } catch {
      return; // the chain was removed
    }
    const message = JSON.parse(text);
    if (message.id !== undefined) answers.set(message.id, message);
    else if (message.method === 'chain_finalizedHead') finalized.push(message.params.result);
  }
}

before(async () => {
  await cryptoWaitReady();
  const p2pPort = await freePort();
  // A fixed node key, so the bootnode address is known before the node starts.
  const nodeKey = '0000000000000000000000000000000000000000000000000000000000000001';
  chain = await startDevNode('light-client', { p2pPort, extraArgs: ['--node-key', nodeKey] });
  api = chain.api;
  const peer = (await api.rpc.system.localPeerId()).toString();
  const spec = JSON.parse(
    execFileSync(nodeBinary(), ['export-chain-spec', '--chain', 'dev', '--raw'], {
      maxBuffer: 64 << 20,
    }).toString(),
  );
  spec.bootNodes = [`/ip4/127.0.0.1/tcp/${p2pPort}/p2p/${peer}`];
  smoldot = startSmoldot({ maxLogLevel: 2 });
  light = await smoldot.addChain({ chainSpec: JSON.stringify(spec) });
  pump();
});

after(async () => {
  try {
    light?.remove();
  } catch {}
  await smoldot?.terminate().catch(() => {});
  await chain?.stop();
});

test('smoldot syncs from the exported raw spec and follows finality', async () => {
  // The genesis smoldot computed from the spec is the node's.
  const genesis = await lightRpc('chain_getBlockHash', [0]);
  assert.equal(genesis, (await api.rpc.chain.getBlockHash(0)).toHex());
  await lightRpc('chain_subscribeFinalizedHeads');
  const started = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  await waitUntil(api, async () => finalized.some((h) => parseInt(h.number, 16) > started + 2), {
    blocks: 60,
    what: 'smoldot announcing a block finalized after it started',
  });
  // Each head smoldot took as final is the full node's finalized block of that number.
  for (const head of finalized) {
    const number = parseInt(head.number, 16);
    const hash = await lightRpc('chain_getBlockHash', [number]).catch(() => null);
    if (hash) assert.equal(hash, (await api.rpc.chain.getBlockHash(number)).toHex(), `block ${number}`);
  }
});

test("smoldot reads a rollup's state by proof, as storage and through InboxApi", async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const config = { submitters: 'Open', maxPayloadBytes: 1024, maxSubmissionsPerBlock: 16, ordering: 'Plain' };
  const events = await send(api, api.tx.inbox.registerRollup('light', config), alice);
  const id = events.find((e) => api.events.inbox.RollupRegistered.is(e)).data.id.toNumber();
  await send(api, api.tx.inbox.submit(id, 'seen by a light client'), alice);
  await send(api, api.tx.inbox.submit(id, 'and another'), alice);
  const key = api.query.inbox.rollups.key(id);
  // Once smoldot has a finalized block where the full node shows both entries.
  let at;
  await waitUntil(
    api,
    async () => {
      const head = finalized.at(-1);
      if (!head) return false;
      // The block of that number on the full node: the same chain (the test above).
      const hash = (await api.rpc.chain.getBlockHash(parseInt(head.number, 16))).toHex();
      const rollup = await api.query.inbox.rollups.at(hash, id);
      if (rollup.isSome && rollup.unwrap().stream.nextIndex.toNumber() === 2) {
        at = hash;
        return true;
      }
      return false;
    },
    { blocks: 60, what: "smoldot finalizing the block with the rollup's entries" },
  );
  const byLight = await lightRpc('state_getStorage', [key, at]);
  const byNode = (await api.rpc.state.getStorage(key, at)).toHex();
  assert.ok(byLight, 'smoldot read the record');
  assert.equal(byLight, byNode, 'storage by proof equals the full node');
  // The typed runtime API, executed by smoldot on state it proved.
  const arg = u8aToHex(api.createType('u32', id).toU8a());
  const viaLight = await lightRpc('state_call', ['InboxApi_rollup', arg, at]);
  const viaNode = (await api.rpc.state.call('InboxApi_rollup', arg, at)).toHex();
  assert.equal(viaLight, viaNode, 'InboxApi_rollup through smoldot equals the full node');
  // The same bytes, decoded by Polkadot.js from the runtime's metadata.
  const view = await (await api.at(at)).call.inboxApi.rollup(id);
  assert.equal(view.unwrap().stream.nextIndex.toNumber(), 2);
  assert.equal(view.unwrap().stream.count.toNumber(), 2);
});
