//! Fetching proofs from a node over its standard JSON-RPC, and reading a rollup's stream with
//! them ([`crate::follow`] drives it). Every answer is checked before it is used: a header by
//! its hash, a justification against the tracked set, state by trie proof, a body by its root.

use std::collections::VecDeque;

use codec::{Decode, Encode};
use jsonrpsee::{
	core::client::{ClientT, Subscription, SubscriptionClientT},
	rpc_params,
};
use seqchain_primitives::inbox::{BlockInbox, EntryIndex, RollupId};
use sp_core::{Bytes, H256};
use sp_runtime::{traits::Header as _, OpaqueExtrinsic};

use super::{
	finality::{FinalityError, FinalityProof, Verified},
	proof::{self, RollupState},
	stream::ProvenStream,
	Header, Trusted,
};
use crate::{
	follow::Failure,
	node::{describe_rpc, Node},
	verify::Verified as Entry,
};

/// Most headers fetched one by one in a walk back from an authentic block: 23 days of blocks
/// (about 250 MB of headers). A set usually lasts longer than the 300 blocks of a session
/// (GRANDPA's set changes only when the sequencer set does), and the node's
/// `grandpa_proveFinality` sends its headers at once, up to 100,000.
pub const MAX_WALK: u32 = 1_000_000;

/// Largest header accepted: the digest holds the Aura pre-runtime digest and seal and, at a
/// session's end, the next GRANDPA set (a few kilobytes for the largest sets).
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// Figures of what was fetched and checked.
#[derive(Default, Debug, Clone, Copy)]
pub struct Costs {
	/// Justifications verified.
	pub justifications: u64,
	/// Bytes of justifications.
	pub justification_bytes: u64,
	/// Headers fetched and linked.
	pub headers: u64,
	/// Storage proofs checked.
	pub proofs: u64,
	/// Bytes of storage proofs.
	pub proof_bytes: u64,
	/// Bodies fetched and checked.
	pub bodies: u64,
	/// Bytes of bodies.
	pub body_bytes: u64,
	/// Time spent checking (not fetching), in microseconds.
	pub verify_micros: u64,
}

/// Something the node sent failed a check.
fn lie(e: impl core::fmt::Display) -> Failure {
	Failure::Verification(e.to_string())
}

#[derive(serde::Deserialize)]
struct ReadProof {
	proof: Vec<Bytes>,
}

#[derive(serde::Deserialize)]
struct SignedBlock {
	block: BlockJson,
}

#[derive(serde::Deserialize)]
struct BlockJson {
	header: Header,
	extrinsics: Vec<OpaqueExtrinsic>,
}

/// What `grandpa_proveFinality` answered.
pub enum Proven {
	/// A proof.
	Proof(FinalityProof),
	/// The block is not final yet.
	NotYetFinal,
	/// The node cannot prove it (the first set, before any change, or a node that did not
	/// sync the set changes): the justification subscription serves instead.
	Unavailable(String),
}

/// A node seen through checks.
pub struct Source<'a> {
	/// The node.
	pub node: &'a Node,
	/// What was fetched.
	pub costs: Costs,
}

impl<'a> Source<'a> {
	/// A source reading from `node`.
	pub fn new(node: &'a Node) -> Self {
		Self { node, costs: Costs::default() }
	}

	/// The header of hash `hash`, checked to hash to it.
	pub async fn header(&mut self, hash: H256) -> Result<Header, Failure> {
		let header: Option<Header> = self
			.node
			.rpc
			.request("chain_getHeader", rpc_params![hash])
			.await
			.map_err(|e| Failure::User(format!("chain_getHeader: {}", describe_rpc(&e))))?;
		let header = header.ok_or_else(|| {
			lie(format!(
				"the node does not know block 0x{} that the chain holds",
				hex::encode(hash)
			))
		})?;
		self.costs.headers += 1;
		if header.encoded_size() > MAX_HEADER_BYTES {
			return Err(lie(format!(
				"the node sent a header of {} bytes for block 0x{}: no header of this chain is \
				 larger than {MAX_HEADER_BYTES}",
				header.encoded_size(),
				hex::encode(hash)
			)));
		}
		if header.hash() != hash {
			return Err(lie(format!(
				"the node sent a header that is not block 0x{}'s",
				hex::encode(hash)
			)));
		}
		Ok(header)
	}

	/// `grandpa_proveFinality(number)`.
	pub async fn prove_finality(&mut self, number: u32) -> Result<Proven, Failure> {
		let answer: Result<Option<Bytes>, _> =
			self.node.rpc.request("grandpa_proveFinality", rpc_params![number]).await;
		match answer {
			Ok(Some(bytes)) => FinalityProof::decode(&mut &bytes.0[..])
				.map(Proven::Proof)
				.map_err(|e| lie(format!("the finality proof does not decode ({e})"))),
			Ok(None) => Ok(Proven::Unavailable("no justification stored".into())),
			Err(jsonrpsee::core::ClientError::Call(e)) if e.message().contains("not yet final") => {
				Ok(Proven::NotYetFinal)
			},
			Err(jsonrpsee::core::ClientError::Call(e)) => {
				Ok(Proven::Unavailable(e.message().into()))
			},
			Err(e) => Err(Failure::User(format!("grandpa_proveFinality: {}", describe_rpc(&e)))),
		}
	}

	/// The headers after `trusted` up to block `target` (hash): `known` (the node's headers up
	/// to the target) completed by fetching the missing ones back by parent hash, each checked
	/// to hash to its child's parent hash. Headers of the node that do not end at the target
	/// (the SDK sends at most 100,000) are set aside and all are fetched back from the target.
	/// The target's justification is checked first (`Trusted::check`), so every header fetched
	/// back from it is the chain's.
	pub async fn link(
		&mut self,
		trusted: &Trusted,
		target: H256,
		known: Vec<Header>,
	) -> Result<Vec<Header>, Failure> {
		let mut headers = VecDeque::from(known);
		if headers.back().map(|h| h.hash()) != Some(target) {
			headers.clear();
			headers.push_back(self.header(target).await?);
		}
		let mut fetched = 0u32;
		while let Some(first) = headers.front() {
			if *first.number() <= trusted.number.saturating_add(1) {
				break;
			}
			fetched += 1;
			if fetched > MAX_WALK {
				return Err(Failure::User(format!(
					"more than {MAX_WALK} headers to fetch one by one to link to the trusted \
					 block {}",
					trusted.number
				)));
			}
			let parent = *first.parent_hash();
			headers.push_front(self.header(parent).await?);
		}
		Ok(headers.into())
	}

	/// Checks `justification` with `headers`, and counts it.
	fn advance(
		&mut self,
		trusted: &Trusted,
		headers: &[Header],
		justification: &[u8],
	) -> Result<(Trusted, Vec<Verified>), Failure> {
		let started = std::time::Instant::now();
		let result = trusted.advance(headers, justification).map_err(|e: FinalityError| lie(e));
		self.costs.verify_micros += started.elapsed().as_micros() as u64;
		self.costs.justifications += 1;
		self.costs.justification_bytes += justification.len() as u64;
		result
	}

	/// Moves `trusted` on: to the end of its authority set, or to the latest block the node
	/// can prove final, through `grandpa_proveFinality`; where the node cannot prove (the
	/// chain's first set, before any change), to the block of the next justification of
	/// `grandpa_subscribeJustifications`, subscribed to for that one and dropped. One set at
	/// most per call, so the reader stays within a set of the trusted block. Gives the headers
	/// now final, in order (none: nothing new is final).
	///
	/// The justification is checked against the trusted set before any header is fetched on
	/// its word: the headers are then fetched back from a block the set signed.
	pub async fn finalize(&mut self, trusted: &mut Trusted) -> Result<Vec<Verified>, Failure> {
		Ok(self.finalize_step(trusted).await?.0)
	}

	/// Moves `trusted` to the newest block the node can prove final, set by set, keeping only
	/// the headers of the last step: where a fresh reader starts looking for its rollup.
	pub async fn finalize_all(
		&mut self,
		trusted: &mut Trusted,
	) -> Result<VecDeque<Verified>, Failure> {
		let mut headers = VecDeque::new();
		loop {
			let (more, newest) = self.finalize_step(trusted).await?;
			if !more.is_empty() {
				headers = more.into();
			}
			if newest {
				return Ok(headers);
			}
		}
	}

	/// One step of [`Self::finalize`]; also says whether the block reached is the newest the
	/// node proves (not the end of a past set).
	async fn finalize_step(
		&mut self,
		trusted: &mut Trusted,
	) -> Result<(Vec<Verified>, bool), Failure> {
		let asked = trusted.number.saturating_add(1);
		let (justification, known, why) = match self.prove_finality(asked).await? {
			Proven::NotYetFinal => return Ok((Vec::new(), true)),
			// The node's headers start after the block asked about.
			Proven::Proof(p) => (p.justification, p.unknown_headers, None),
			Proven::Unavailable(why) => {
				(self.next_justification(trusted, asked, &why).await?, Vec::new(), Some(why))
			},
		};
		let started = std::time::Instant::now();
		let checked = trusted.check(&justification);
		self.costs.verify_micros += started.elapsed().as_micros() as u64;
		let (_, target) = checked.map_err(lie)?;
		let headers = self.link(trusted, target, known).await?;
		let (next, verified) = match self.advance(trusted, &headers, &justification) {
			// A set change in the headers that the node could not prove per set: it lacks the
			// chain's set history (a warp-synced node), which is not a lie.
			Err(Failure::Verification(e))
				if why.is_some() && e.contains("authority set changed") =>
			{
				return Err(Failure::User(format!(
					"the node cannot prove the authority set changes since block {} ({}): read \
					 from a node that synced the chain fully",
					trusted.number,
					why.unwrap_or_default()
				)))
			},
			r => r?,
		};
		let newest = next.set_id == trusted.set_id;
		*trusted = next;
		Ok((verified, newest))
	}

	/// The next justification of a block after the trusted one, from a subscription opened
	/// for it.
	async fn next_justification(
		&mut self,
		trusted: &Trusted,
		asked: u32,
		why: &str,
	) -> Result<Vec<u8>, Failure> {
		let mut sub: Subscription<Bytes> = self
			.node
			.rpc
			.subscribe(
				"grandpa_subscribeJustifications",
				rpc_params![],
				"grandpa_unsubscribeJustifications",
			)
			.await
			.map_err(|e| {
				Failure::User(format!(
					"the node cannot prove block {asked} final ({why}) and refused \
					 grandpa_subscribeJustifications: {}",
					describe_rpc(&e)
				))
			})?;
		loop {
			let next = sub
				.next()
				.await
				.ok_or_else(|| {
					Failure::User(format!(
						"the node cannot prove block {asked} final ({why}) and its \
						 justification subscription ended"
					))
				})?
				.map_err(|e| Failure::User(format!("justifications: {e}")))?;
			let target =
				sc_consensus_grandpa::GrandpaJustification::<super::Block>::decode(&next.0)
					.map_err(|_| lie(FinalityError::Undecodable))?
					.target();
			if target.0 > trusted.number {
				return Ok(next.0);
			}
		}
	}

	/// A storage proof of `key` at block `hash`.
	async fn read_proof(&mut self, key: Vec<u8>, hash: H256) -> Result<Vec<Vec<u8>>, Failure> {
		let answer: ReadProof = self
			.node
			.rpc
			.request("state_getReadProof", rpc_params![vec![Bytes(key)], hash])
			.await
			.map_err(|e| {
				Failure::User(format!(
					"the node cannot prove the state of block 0x{} ({}): reading without \
					 trusting a node needs the state of the blocks read, kept by an archive node \
					 (--state-pruning archive) or one that is not far behind",
					hex::encode(hash),
					describe_rpc(&e)
				))
			})?;
		let nodes: Vec<Vec<u8>> = answer.proof.into_iter().map(|b| b.0).collect();
		self.costs.proofs += 1;
		self.costs.proof_bytes += nodes.iter().map(|n| n.len() as u64).sum::<u64>();
		Ok(nodes)
	}

	/// The rollup's record after block `v`, by proof.
	pub async fn rollup(
		&mut self,
		rollup: RollupId,
		v: &Verified,
	) -> Result<Option<RollupState>, Failure> {
		let nodes = self.read_proof(proof::rollup_key(rollup), v.hash).await?;
		let started = std::time::Instant::now();
		let state = proof::rollup_at(v.header.state_root, nodes, rollup).map_err(lie);
		self.costs.verify_micros += started.elapsed().as_micros() as u64;
		state.map_err(|e| match e {
			Failure::Verification(m) => Failure::Verification(format!("block {}: {m}", v.number)),
			e => e,
		})
	}

	/// `Inbox::NextRollupId` after block `v`, by proof: the id the next rollup gets.
	pub async fn next_rollup_id(&mut self, v: &Verified) -> Result<u32, Failure> {
		let key = pallet_inbox::NextRollupId::<seqchain_runtime::Runtime>::hashed_key().to_vec();
		let nodes = self.read_proof(key.clone(), v.hash).await?;
		let value = proof::value_at(v.header.state_root, nodes, &key, "the next rollup id")
			.map_err(|e| lie(format!("block {}: {e}", v.number)))?;
		match value {
			None => Ok(0),
			Some(bytes) => u32::decode(&mut &bytes[..]).map_err(|_| {
				lie(format!("block {}: the next rollup id does not decode", v.number))
			}),
		}
	}

	/// What block `v` did to `rollup`'s stream: its body checked against the header, its events
	/// by proof, read with the runtime's reader.
	pub async fn inbox(&mut self, rollup: RollupId, v: &Verified) -> Result<BlockInbox, Failure> {
		let block: Option<SignedBlock> = self
			.node
			.rpc
			.request("chain_getBlock", rpc_params![v.hash])
			.await
			.map_err(|e| Failure::User(format!("chain_getBlock: {}", describe_rpc(&e))))?;
		let block = block.ok_or_else(|| {
			Failure::User(format!(
				"the node has no body for block {}: read from a node that keeps the bodies of \
				 the blocks read (an archive node for old ones)",
				v.number
			))
		})?;
		let events = self.read_proof(proof::events_key(), v.hash).await?;
		self.costs.bodies += 1;
		self.costs.body_bytes +=
			block.block.extrinsics.iter().map(|x| x.inner().len() as u64).sum::<u64>();
		let started = std::time::Instant::now();
		let at = |e: String| Failure::Verification(format!("block {}: {e}", v.number));
		if block.block.header.hash() != v.hash {
			return Err(at("the node sent the body of another block".into()));
		}
		proof::check_body(v.header.extrinsics_root, &block.block.extrinsics)
			.map_err(|e| at(e.to_string()))?;
		let events =
			proof::events_at(v.header.state_root, events).map_err(|e| at(e.to_string()))?;
		let inbox =
			seqchain_runtime::inbox_read::block_entries(rollup, &block.block.extrinsics, &events)
				.map_err(|e| at(format!("{e:?}")))?;
		self.costs.verify_micros += started.elapsed().as_micros() as u64;
		Ok(inbox.unwrap_or(BlockInbox {
			first_index: 0,
			next_index: 0,
			commitment: None,
			positions: Vec::new(),
			reveals: Vec::new(),
			expired: Vec::new(),
			released: false,
		}))
	}

	/// Extends `headers` (final headers ending at the trusted block, or none) back to block
	/// `to`: each header fetched by its child's parent hash and checked to hash to it.
	pub async fn extend_back(
		&mut self,
		headers: &mut VecDeque<Verified>,
		trusted: &Trusted,
		to: u32,
	) -> Result<(), Failure> {
		if headers.is_empty() {
			let header = self.header(H256(trusted.hash)).await?;
			headers.push_back(Verified { number: *header.number(), hash: header.hash(), header });
		}
		let mut fetched = 0u32;
		while let Some(first) = headers.front().filter(|f| f.number > to) {
			let (number, parent) = (first.number, *first.header.parent_hash());
			let header = self.header(parent).await?;
			if Some(*header.number()) != number.checked_sub(1) {
				return Err(lie(format!(
					"the node's header {} does not precede its child",
					header.number()
				)));
			}
			headers.push_front(Verified { number: *header.number(), hash: parent, header });
			fetched += 1;
			if fetched > MAX_WALK {
				return Err(Failure::User(format!(
					"block {to} is more than {MAX_WALK} blocks before block {number}"
				)));
			}
		}
		Ok(())
	}
}

/// Where a fresh reader of `rollup` starts: walking back from the newest final block, the
/// first block whose state before it has the stream at or before entry `from` (or no rollup).
/// Gives the block and the record before it; `headers` then start at that block.
pub async fn start(
	source: &mut Source<'_>,
	rollup: RollupId,
	from: EntryIndex,
	headers: &mut VecDeque<Verified>,
	trusted: &Trusted,
) -> Result<(u32, Option<RollupState>), Failure> {
	let mut at = trusted.number;
	loop {
		source.extend_back(headers, trusted, at).await?;
		let v = headers
			.iter()
			.find(|h| h.number == at)
			.cloned()
			.ok_or_else(|| Failure::User(format!("no header for block {at}")))?;
		let state = source.rollup(rollup, &v).await?;
		if at == trusted.number && state.is_none() {
			// Not registered at the newest final block: never yet, or released (ids are
			// assigned in order and never reused).
			let next_id = source.next_rollup_id(&v).await?;
			return Err(Failure::User(if rollup < next_id {
				format!(
					"rollup {rollup} was released before block {at}: its stream has ended (read \
					 it from a cursor saved before the release)"
				)
			} else {
				format!("rollup {rollup} is not registered (at block {at}, proven)")
			}));
		}
		if at == 0 || state.is_none_or(|s| s.stream.next_index <= from) {
			headers.retain(|h| h.number > at);
			return Ok((at.saturating_add(1), state));
		}
		at -= 1;
	}
}

/// The record before block `from` (by proof in the state of its parent), for a reader that
/// resumes there; `headers` then start at that block.
pub async fn resume(
	source: &mut Source<'_>,
	rollup: RollupId,
	from: u32,
	headers: &mut VecDeque<Verified>,
	trusted: &Trusted,
) -> Result<Option<RollupState>, Failure> {
	let parent = from.saturating_sub(1);
	source.extend_back(headers, trusted, parent).await?;
	let v = headers
		.iter()
		.find(|h| h.number == parent)
		.cloned()
		.ok_or_else(|| Failure::User(format!("no header for block {parent}")))?;
	let state = source.rollup(rollup, &v).await?;
	headers.retain(|h| h.number > parent);
	Ok(state)
}

/// What [`read`] ended with.
pub enum Read {
	/// Every final block read.
	Caught,
	/// Entries before `until` are out.
	Until,
}

/// Reads the final `headers` in order into `stream`, handing out what each lets out to `emit`.
pub async fn read(
	source: &mut Source<'_>,
	stream: &mut ProvenStream,
	rollup: RollupId,
	headers: &mut VecDeque<Verified>,
	until: Option<EntryIndex>,
	mut emit: impl FnMut(Vec<Entry>, &ProvenStream) -> Result<(), Failure>,
) -> Result<Read, Failure> {
	while let Some(v) = headers.front().cloned() {
		if v.number < stream.next_block() {
			headers.pop_front();
			continue;
		}
		let after = source.rollup(rollup, &v).await?;
		let inbox =
			if stream.must_read(&after) { Some(source.inbox(rollup, &v).await?) } else { None };
		let started = std::time::Instant::now();
		let out = stream.read_block(v.number, v.hash, after, inbox.as_ref(), until).map_err(lie)?;
		source.costs.verify_micros += started.elapsed().as_micros() as u64;
		headers.pop_front();
		emit(out, stream)?;
		if stream.ended().is_some() {
			return Ok(Read::Caught);
		}
		if until.is_some_and(|u| stream.next_out() >= u) {
			return Ok(Read::Until);
		}
	}
	Ok(Read::Caught)
}
