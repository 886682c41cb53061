// Governance end to end through Polkadot.js against a dev node: a referendum on the parameters
// track changes the fee split, and a referendum on the root track upgrades the runtime to a
// build with a higher spec_version and a new pallet (one new call, one new event) while the
// chain's state survives. The upgrade waits the rollup notice after its approval, not the root
// track's shorter timelock (10 blocks against 2 in the dev preset). Rollups read their streams
// across the upgrade, through blocks that carry the new call and event: the node decodes each
// block with the runtime that executed it.
//
// Run by `e2e/run.sh` (part of `scripts/test.sh`), which builds the upgraded wasm and passes
// its path in SEQCHAIN_UPGRADE_WASM.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';

import { send, startDevNode, waitUntil } from './lib/chain.mjs';

// Track ids of the default tracks (runtime/src/configs/governance.rs, `tracks`).
const ROOT_TRACK = 0;
const PARAMETERS_TRACK = 1;
const UNIT = 10n ** 12n;
// Perbill parts of a percent.
const PERCENT = 10_000_000;

let chain;
let api;
let alice;
let bob;
let charlie;
let dave;
let ferdie;
let eve;
// The fee-split referendum's index and the split it enacted, for the upgrade to check.
let feeReferendum;
let newShares;

before(async () => {
  await cryptoWaitReady();
  chain = await startDevNode('governance');
  api = chain.api;
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave, ferdie, eve] = ['Alice', 'Bob', 'Charlie', 'Dave', 'Ferdie', 'Eve'].map(
    (n) => keyring.addFromUri(`//${n}`),
  );
});

after(async () => {
  await chain?.stop();
});

/** Each pallet's index and the names of its calls and events, from the metadata. */
function palletNames(api) {
  const names = {};
  for (const pallet of api.runtimeMetadata.asLatest.pallets) {
    const variants = (ty) =>
      ty.isSome ? api.registry.lookup.getSiType(ty.unwrap().type).def.asVariant.variants.map((v) => v.name.toString()) : [];
    names[pallet.name.toString()] = {
      index: pallet.index.toNumber(),
      calls: variants(pallet.calls),
      events: variants(pallet.events),
    };
  }
  return names;
}

/**
 * A rollup's entries in finalized blocks `from..=to`, through the node's `inbox_submissions`,
 * following its pages (each at most 4 MiB; `nextBlock` is where the rest starts).
 */
async function rollupEntries(id, from, to) {
  const entries = [];
  for (let next = from; next !== null; ) {
    const page = await chain.provider.send('inbox_submissions', [id, next, to, true]);
    assert.ok(page.nextBlock === null || page.nextBlock > next, `a page goes on: ${page.nextBlock}`);
    for (const b of page.blocks) {
      entries.push(...b.entries.map((e) => Buffer.from(e.payload.slice(2), 'hex').toString()));
    }
    next = page.nextBlock;
  }
  return entries;
}

/**
 * Subscribes to a rollup's finalized stream from entry 0; collects its entries' payloads and any
 * error item the node sends.
 */
async function followRollup(id) {
  const stream = { payloads: [], errors: [] };
  stream.id = await chain.provider.subscribe(
    'inbox_finalizedEntry',
    'inbox_subscribeFinalized',
    [id, 0],
    (error, item) => {
      if (error) stream.errors.push(String(error));
      else if (item.error) stream.errors.push(JSON.stringify(item.error));
      else if (item.payload) stream.payloads.push(Buffer.from(item.payload.slice(2), 'hex').toString());
    },
  );
  return stream;
}

/** Registers a plain rollup named `name` owned by `owner`; resolves with its id. */
async function registerRollup(name, owner) {
  const config = {
    submitters: 'Open',
    maxPayloadBytes: 1024,
    maxSubmissionsPerBlock: 16,
    ordering: 'Plain',
  };
  const events = await send(api, api.tx.inbox.registerRollup(name, config), owner);
  const registered = events.find((e) => api.events.inbox.RollupRegistered.is(e));
  assert.ok(registered, 'RollupRegistered event');
  return registered.data.id.toNumber();
}

async function totalBalance(who) {
  const { data } = await api.query.system.account(who.address);
  return data.free.toBigInt() + data.reserved.toBigInt();
}

async function referendumInfo(index) {
  const info = await api.query.referenda.referendumInfoFor(index);
  assert.ok(info.isSome, `referendum ${index} exists`);
  return info.unwrap();
}

/**
 * Submits `proposal` on `track` (Alice), places the decision deposit (`depositor`) and votes aye
 * with all but 1,000 SEQ of Alice's and Bob's balances at 1x conviction (the rest pays fees).
 */
async function propose(track, proposal, depositor) {
  const events = await send(api, api.tx.referenda.submit(track, proposal, { After: 0 }), alice);
  const submitted = events.find((e) => api.events.referenda.Submitted.is(e));
  assert.ok(submitted, 'Submitted event');
  const index = submitted.data.index.toNumber();
  assert.equal(submitted.data.track.toNumber(), track);
  await send(api, api.tx.referenda.placeDecisionDeposit(index), depositor);
  for (const voter of [alice, bob]) {
    const balance = (await totalBalance(voter)) - 1_000n * UNIT;
    await send(api, api.tx.referenda.vote(index, true, balance, 'Locked1x'), voter);
    const voting = await api.query.referenda.voting(voter.address);
    assert.ok(
      voting.votes.some(([i]) => i.toNumber() === index),
      `${voter.meta.name ?? voter.address} has a vote recorded`,
    );
  }
  return index;
}

test('a parameters referendum changes the fee split', async () => {
  const before = (await api.query.feeDistribution.feeShares()).toJSON();
  newShares = { stakers: 50 * PERCENT, treasury: 30 * PERCENT, burn: 20 * PERCENT };
  assert.notDeepEqual(before, newShares, 'the genesis split differs from the proposed one');

  // The proposal goes by preimage: note it, then submit its hash.
  const call = api.tx.feeDistribution.setParameter({ FeeShares: newShares });
  await send(api, api.tx.preimage.notePreimage(call.method.toHex()), alice);
  const proposal = {
    Lookup: { hash: call.method.hash.toHex(), len: call.method.encodedLength },
  };
  feeReferendum = await propose(PARAMETERS_TRACK, proposal, bob);

  await waitUntil(api, async () => (await referendumInfo(feeReferendum)).isApproved, {
    blocks: 60,
    what: `referendum ${feeReferendum} approved`,
  });
  // The timelock, then the scheduler enacts it with the parameters origin.
  await waitUntil(
    api,
    async () => {
      const shares = (await api.query.feeDistribution.feeShares()).toJSON();
      return JSON.stringify(shares) === JSON.stringify(newShares);
    },
    { blocks: 20, what: 'the new fee split in chain state' },
  );
  assert.deepEqual((await api.query.feeDistribution.feeShares()).toJSON(), newShares);

  // Both deposits come back once it ended.
  await send(api, api.tx.referenda.refundSubmissionDeposit(feeReferendum), charlie);
  await send(api, api.tx.referenda.refundDecisionDeposit(feeReferendum), charlie);
  const [, submission, decision] = (await referendumInfo(feeReferendum)).asApproved;
  assert.ok(submission.isNone && decision.isNone, 'deposits refunded');

  // Bad input is refused with the pallet's named errors.
  await assert.rejects(
    send(api, api.tx.referenda.submit(99, { Inline: call.method.toHex() }, { After: 0 }), alice),
    /referenda\.UnknownTrack/,
  );
  await assert.rejects(
    send(api, api.tx.referenda.vote(feeReferendum, false, UNIT, 'None'), charlie),
    /referenda\.NotOngoing/,
  );
  // Alice's winning 1x vote, taken back, stays locked for one lock period (7 days).
  await send(api, api.tx.referenda.removeVote(feeReferendum), alice);
  const { prior } = await api.query.referenda.voting(alice.address);
  assert.ok(prior[1].toBigInt() > 0n, 'a conviction lock after the vote');
  await assert.rejects(
    send(api, api.tx.referenda.unlock(alice.address), charlie),
    /referenda\.LockNotExpired/,
  );
  await assert.rejects(
    send(api, api.tx.feeDistribution.setParameter({ FeeShares: newShares }), alice),
    /BadOrigin/,
  );
});

test('a root referendum upgrades the runtime and the state survives', async () => {
  const path = process.env.SEQCHAIN_UPGRADE_WASM;
  assert.ok(path, 'SEQCHAIN_UPGRADE_WASM names the upgraded wasm (e2e/run.sh builds it)');
  const wasm = readFileSync(path);
  const specBefore = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
  assert.ok(feeReferendum !== undefined, 'the fee-split scenario ran first');

  const snapshot = async () => ({
    feeShares: (await api.query.feeDistribution.feeShares()).toJSON(),
    feeReferendum: (await referendumInfo(feeReferendum)).toJSON(),
    dave: (await api.query.system.account(dave.address)).data.toJSON(),
    council: (await api.query.referenda.council()).toJSON(),
    tracks: (await api.query.referenda.tracks.entries()).length,
    candidates: (await api.query.sequencerStaking.candidates.entries()).length,
  });
  const state = await snapshot();
  assert.deepEqual(state.feeShares, newShares);

  // Two rollups with entries before the upgrade, and a reader following each.
  const rollupA = await registerRollup('across-a', ferdie);
  const rollupB = await registerRollup('across-b', eve);
  await send(api, api.tx.inbox.submit(rollupA, 'a-before'), ferdie);
  await send(api, api.tx.inbox.submit(rollupB, 'b-before'), eve);
  const followers = [await followRollup(rollupA), await followRollup(rollupB)];
  const namesBefore = palletNames(api);
  assert.equal(namesBefore.UpgradeProbe, undefined, 'the probe pallet comes with the upgrade');

  const hash = blake2AsHex(wasm, 256);
  const call = api.tx.system.authorizeUpgrade(hash);
  const index = await propose(ROOT_TRACK, { Inline: call.method.toHex() }, charlie);

  // The root track's support threshold falls to the voters' share over the decision period.
  await waitUntil(api, async () => (await api.query.system.authorizedUpgrade()).isSome, {
    blocks: 120,
    what: `referendum ${index} enacting authorize_upgrade`,
  });
  assert.ok((await referendumInfo(index)).isApproved);
  assert.equal((await api.query.system.authorizedUpgrade()).unwrap().codeHash.toHex(), hash);

  // A runtime upgrade affects rollups: it waited the rollup notice after approval, longer
  // than the root track's own timelock. Read the state at the block before the notice ended.
  const notice = (await api.query.referenda.rollupNotice()).toNumber();
  const rootTrack = (await api.query.referenda.tracks(ROOT_TRACK)).unwrap();
  assert.ok(
    notice > rootTrack.minEnactmentPeriod.toNumber(),
    `the notice (${notice}) is longer than the root timelock (${rootTrack.minEnactmentPeriod})`,
  );
  const approvedAt = (await referendumInfo(index)).asApproved[0].toNumber();
  const beforeNotice = await api.at(await api.rpc.chain.getBlockHash(approvedAt + notice - 1));
  assert.ok(
    (await beforeNotice.query.system.authorizedUpgrade()).isNone,
    `not authorized before block ${approvedAt + notice}`,
  );

  // Anyone may now supply the authorized code, unsigned.
  await send(api, api.tx.system.applyAuthorizedUpgrade(u8aToHex(wasm)), null);
  await waitUntil(
    api,
    async () =>
      (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber() === specBefore + 1,
    { blocks: 10, what: `spec_version ${specBefore + 1}` },
  );
  assert.ok((await api.query.system.authorizedUpgrade()).isNone, 'authorization consumed');
  // The first block the new code executes records the upgrade.
  await waitUntil(
    api,
    async () =>
      (await api.query.system.lastRuntimeUpgrade()).unwrap().specVersion.toNumber() ===
      specBefore + 1,
    { blocks: 5, what: 'the upgrade recorded in system.lastRuntimeUpgrade' },
  );
  // The upgrade added a pallet with a call and an event, and kept every other pallet as it was.
  await waitUntil(api, async () => api.tx.upgradeProbe !== undefined, {
    blocks: 5,
    what: 'Polkadot.js reading the new metadata',
  });
  const namesAfter = palletNames(api);
  assert.deepEqual(namesAfter.UpgradeProbe, { index: 60, calls: ['note'], events: ['Noted'] });
  delete namesAfter.UpgradeProbe;
  assert.deepEqual(namesAfter, namesBefore, 'the other pallets, calls and events unchanged');

  // Blocks with the new call and event, and entries of both rollups after the upgrade.
  const [noted] = await Promise.all([
    send(api, api.tx.upgradeProbe.note('read me if you can'), ferdie),
    send(api, api.tx.inbox.submit(rollupA, 'a-after'), charlie),
    send(api, api.tx.inbox.submit(rollupB, 'b-after'), eve),
  ]);
  assert.ok(noted.some((e) => e.section === 'upgradeProbe' && e.method === 'Noted'), 'Noted event');
  await waitUntil(api, async () => followers.every((f) => f.payloads.length === 2 || f.errors.length), {
    blocks: 20,
    what: 'both readers past the upgrade',
  });
  // Every rollup reads across the upgrade: the readers that followed through it, a range over
  // all blocks, and a reader that starts now.
  for (const [follower, id, name] of [
    [followers[0], rollupA, 'a'],
    [followers[1], rollupB, 'b'],
  ]) {
    assert.deepEqual(follower.errors, [], `rollup ${name}'s reader got no error`);
    assert.deepEqual(follower.payloads, [`${name}-before`, `${name}-after`]);
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    assert.deepEqual(await rollupEntries(id, 1, best), [`${name}-before`, `${name}-after`]);
    const late = await followRollup(id);
    await waitUntil(api, async () => late.payloads.length === 2 || late.errors.length, {
      blocks: 10,
      what: `a new reader of rollup ${name}`,
    });
    assert.deepEqual(late.errors, []);
    assert.deepEqual(late.payloads, [`${name}-before`, `${name}-after`]);
  }

  // The state is what it was, and the chain goes on: a transfer signed for the new version.
  assert.deepEqual(await snapshot(), state);
  const height = (await api.rpc.chain.getHeader()).number.toNumber();
  await send(api, api.tx.balances.transferKeepAlive(ferdie.address, UNIT), dave);
  const after = (await api.query.system.account(dave.address)).data.free.toBigInt();
  assert.ok(after < BigInt(state.dave.free) - UNIT + 1n, 'the transfer and its fee left Dave');
  assert.ok((await api.rpc.chain.getHeader()).number.toNumber() > height, 'blocks go on');
});
