//! Following a rollup's finalized stream: verified before it is emitted, resumable from a
//! cursor that is written atomically and durably after every verified block.
//!
//! By default nothing is believed: finality, the rollup's state, bodies and events are proven
//! from the chain spec's genesis ([`crate::light`]), and the cursor keeps the trusted state.
//! With [`Trust::Node`] (`--trust-node`) the node's inbox subscription is read and its
//! commitments believed ([`Verifier`]).
//!
//! The order of things for each block of the stream:
//!
//! 1. its entries are verified (trusting the node: received and held, [`Verifier::push`], until
//!    the chain's commitment after the block arrives and the fold over them matches it):
//!    nothing is emitted before;
//! 2. they are written to the output and flushed (with `--out`, also `fsync`ed);
//! 3. the cursor (next index, commitment, block, output length) replaces the old one in one
//!    rename of a fully written and `fsync`ed file, and the directory is `fsync`ed.
//!
//! A crash between 2 and 3 leaves the old cursor. With an output file ([`Sink::File`]) the
//! restart cuts the file back to the length the cursor recorded and writes the block again,
//! so the file holds every entry exactly once; for that, the cursor is saved once more right
//! after the file is opened, before anything is written to it, so that even a crash in the
//! first block leaves a cursor that accounts for the file. On standard output the block's
//! entries are printed again after such a crash (at least once; each carries its `index`).

use std::{
	collections::{BTreeMap, BTreeSet},
	fs::{File, OpenOptions},
	io::{Seek, SeekFrom, Write},
	path::{Path, PathBuf},
};

use jsonrpsee::{
	core::client::{ClientT, Subscription, SubscriptionClientT, SubscriptionCloseReason},
	rpc_params,
};
use seqchain_primitives::inbox::{
	fold, genesis_commitment,
	rpc::{BlockEntries, EntryKind, EntryStatus, RollupInfo, StreamEnd, StreamEntry, StreamItem},
	EntryIndex, Hash32, RollupId,
};
use sp_core::H256;

use crate::{
	node::{describe_rpc, Error, Node},
	verify::{Cursor, Output, Verifier},
};

/// Why following stopped without success.
#[derive(Debug)]
pub enum Failure {
	/// The node, the connection, the files or the input: exit code 1.
	User(Error),
	/// What the node sent is not what the chain committed to: exit code 2.
	Verification(String),
}

impl From<Error> for Failure {
	fn from(e: Error) -> Self {
		Failure::User(e)
	}
}

impl From<&str> for Failure {
	fn from(e: &str) -> Self {
		Failure::User(e.into())
	}
}

/// How following ended well.
#[derive(Debug, PartialEq, Eq)]
pub enum Finished {
	/// Every entry before this index was emitted (`--until`).
	Until(EntryIndex),
	/// The rollup was released: its stream ended, every entry of it emitted and verified, the
	/// end's length and commitment equal to the cursor's, and the release confirmed in the
	/// chain's state ([`confirm_release`]).
	Ended(StreamEnd),
}

/// Where verified entries go, one JSON object a line.
pub enum Sink {
	/// Standard output: flushed after each block.
	Stdout,
	/// A file (`--out`) the cursor accounts for: `fsync`ed after each block, cut back to the
	/// cursor's record on restart.
	File(File),
}

impl Sink {
	/// Writes `lines` and makes them durable as far as the sink allows; returns the bytes
	/// written.
	fn write(&mut self, lines: &[u8]) -> Result<u64, Error> {
		match self {
			Sink::Stdout => {
				let mut out = std::io::stdout().lock();
				out.write_all(lines)
					.and_then(|()| out.flush())
					.map_err(|e| format!("standard output: {e}"))?;
			},
			Sink::File(file) => {
				file.write_all(lines)
					.and_then(|()| file.sync_data())
					.map_err(|e| format!("output file: {e}"))?;
			},
		}
		Ok(lines.len() as u64)
	}
}

/// The cursor in `path` for `rollup` on the chain with genesis `genesis`, or `None` if there is
/// none yet.
pub fn load_cursor(path: &Path, rollup: RollupId, genesis: H256) -> Result<Option<Cursor>, Error> {
	let bytes = match std::fs::read(path) {
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
		Err(e) => return Err(format!("{}: {e}", path.display())),
		Ok(bytes) => bytes,
	};
	parse_cursor(&bytes, rollup, genesis).map(Some).map_err(|e| format!("{}: {e}", path.display()))
}

/// The cursor in `bytes` (a cursor file's contents) for `rollup` on the chain with genesis
/// `genesis`.
pub fn parse_cursor(bytes: &[u8], rollup: RollupId, genesis: H256) -> Result<Cursor, Error> {
	let cursor: Cursor =
		serde_json::from_slice(bytes).map_err(|e| format!("not a cursor file ({e})"))?;
	if cursor.rollup != rollup {
		return Err(format!("it follows rollup {}, not {rollup}", cursor.rollup));
	}
	if cursor.genesis.is_some_and(|g| H256::from(g) != genesis) {
		return Err(format!(
			"it was written for the chain with genesis 0x{}, not this one (0x{}): a cursor \
			 resumes on its own chain only",
			hex::encode(cursor.genesis.unwrap_or_default()),
			hex::encode(genesis)
		));
	}
	// A cursor without a commitment is one saved before its first block (a mid-stream start,
	// anchored when it resumes); once an entry is verified it has one.
	if cursor.next_index > 0 && cursor.commitment.is_none() && cursor.block.is_some() {
		return Err("a cursor past entry 0 without a commitment".into());
	}
	Ok(cursor)
}

/// Replaces the cursor in `path` atomically and durably: a fully written and `fsync`ed
/// temporary file of a unique name in the same directory is renamed over it, then the
/// directory is `fsync`ed. A crash leaves the old cursor or the new one, never a torn one.
pub fn save_cursor(path: &Path, cursor: &Cursor) -> Result<(), Error> {
	let dir = match path.parent() {
		Some(dir) if !dir.as_os_str().is_empty() => dir,
		_ => Path::new("."),
	};
	let json = serde_json::to_vec(cursor).map_err(|e| e.to_string())?;
	let mut tmp = tempfile::Builder::new()
		.prefix(".rollup-client-cursor-")
		.tempfile_in(dir)
		.map_err(|e| format!("{}: {e}", dir.display()))?;
	tmp.write_all(&json)
		.and_then(|()| tmp.as_file().sync_all())
		.map_err(|e| format!("{}: {e}", tmp.path().display()))?;
	tmp.persist(path).map_err(|e| format!("{}: {}", path.display(), e.error))?;
	sync_dir(dir)
}

/// `fsync`s the directory `dir`, so the names created in it survive a crash.
fn sync_dir(dir: &Path) -> Result<(), Error> {
	File::open(dir).and_then(|d| d.sync_all()).map_err(|e| format!("{}: {e}", dir.display()))
}

/// The directory of `path`, made absolute.
fn dir_of(path: &Path) -> Result<PathBuf, Error> {
	let abs = std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))?;
	Ok(abs.parent().map_or_else(|| PathBuf::from("/"), Path::to_path_buf))
}

/// Opens the output file `path` for `cursor`: cut back to the length the cursor recorded (what
/// was written after it, before a crash, is written again), or new.
pub fn open_output(path: &Path, cursor: &mut Cursor) -> Result<File, Error> {
	let abs = std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))?;
	let mut file = OpenOptions::new()
		.read(true)
		.write(true)
		.create(true)
		.truncate(false)
		.open(&abs)
		.map_err(|e| format!("{}: {e}", abs.display()))?;
	let len = file.metadata().map_err(|e| format!("{}: {e}", abs.display()))?.len();
	let keep = match &cursor.output {
		Some(o) if o.path != abs => {
			return Err(format!(
				"the cursor accounts for the output file {}, not {}: pass the same --out",
				o.path.display(),
				abs.display()
			))
		},
		Some(o) if len < o.len => {
			return Err(format!(
				"{} holds {len} bytes but the cursor recorded {}: it was cut or replaced; \
				 restore it, or start again with a new --state and --out",
				abs.display(),
				o.len
			))
		},
		Some(o) => o.len,
		None if len > 0 => {
			return Err(format!(
				"{} is not empty and no cursor accounts for it: remove it, or pass the --state \
				 it was written with",
				abs.display()
			))
		},
		None => 0,
	};
	file.set_len(keep)
		.and_then(|()| file.sync_all())
		.and_then(|()| file.seek(SeekFrom::End(0)).map(|_| ()))
		.map_err(|e| format!("{}: {e}", abs.display()))?;
	cursor.output = Some(Output { path: abs, len: keep });
	Ok(file)
}

/// The commitment over entries `0..index` of `rollup`, where entry `index` is in block `block`
/// (hash `block_hash`): the rollup's commitment in the state before the block, folded over the
/// block's entries before `index`. All of it comes from the node; the chain's commitment after
/// the block, which the first verified block must match, confirms it.
pub async fn anchor(
	node: &Node,
	rollup: RollupId,
	index: EntryIndex,
	block: u32,
	block_hash: Hash32,
) -> Result<Hash32, Error> {
	if index == 0 {
		return Ok(genesis_commitment(rollup));
	}
	let pruned = |e: String| {
		format!(
			"cannot start at entry {index}: {e}. Start from a saved cursor (--state), from 0, \
			 or read from an archive node"
		)
	};
	let parent = node.header(block_hash.into()).await.map_err(pruned)?.parent_hash;
	let before: Option<RollupInfo> =
		node.rpc.request("inbox_rollup", rpc_params![rollup, parent]).await.map_err(|e| {
			pruned(format!(
				"the node cannot read the state before block {block} ({})",
				describe_rpc(&e)
			))
		})?;
	let (first, commitment) =
		before.map_or((0, genesis_commitment(rollup)), |r| (r.next_index, r.commitment));
	if first == index {
		return Ok(commitment);
	}
	let (blocks, _) = node.submissions_page(rollup, block, block).await.map_err(pruned)?;
	let entries = blocks
		.into_iter()
		.find(|b| b.number == block && b.hash == block_hash && b.first_index == first)
		.ok_or_else(|| {
			format!("the node's answers disagree about block {block}: it cannot be verified")
		})?
		.entries;
	let before: Vec<Hash32> =
		entries.iter().take_while(|e| e.index < index).map(|e| e.hash).collect();
	if first > index || before.len() as u64 != index - first {
		return Err(format!("the node's answers disagree about block {block}"));
	}
	Ok(fold(commitment, first, &before))
}

/// Confirms in the chain's state that `end.block` released the rollup with the final stream
/// `end` says (`commitment` its final commitment): in the state before the block the rollup is
/// registered with that next index and commitment, and in the state after it, it is gone.
/// Failing that, the node ended a stream that did not end.
pub async fn confirm_release(
	node: &Node,
	end: &StreamEnd,
	commitment: Hash32,
) -> Result<(), Failure> {
	let (rollup, block) = (end.rollup, end.block);
	let cannot = |e: String| {
		Failure::User(format!(
			"cannot confirm that block {block} released rollup {rollup}: {e}. Read from a node \
			 that has the state of block {block}, an archive node for old blocks"
		))
	};
	let hash: Option<H256> = node
		.rpc
		.request("chain_getBlockHash", rpc_params![block])
		.await
		.map_err(|e| cannot(describe_rpc(&e)))?;
	let Some(hash) = hash else {
		return Err(Failure::Verification(format!(
			"the node says block {block} released rollup {rollup}, but knows no block {block}"
		)));
	};
	let parent = node.header(hash).await.map_err(cannot)?.parent_hash;
	let at = |at: H256| async move {
		node.rpc
			.request::<Option<RollupInfo>, _>("inbox_rollup", rpc_params![rollup, at])
			.await
			.map_err(|e| cannot(describe_rpc(&e)))
	};
	let before = at(parent).await?.ok_or_else(|| {
		Failure::Verification(format!(
			"the node says block {block} released rollup {rollup}, but the rollup was not \
			 registered before it"
		))
	})?;
	if before.next_index != end.next_index || before.commitment != commitment {
		return Err(Failure::Verification(format!(
			"the node ended rollup {rollup}'s stream at entry {} (commitment 0x{}), but before \
			 block {block} the chain's stream had {} entries (commitment 0x{})",
			end.next_index,
			hex::encode(commitment),
			before.next_index,
			hex::encode(before.commitment)
		)));
	}
	if at(hash).await?.is_some() {
		return Err(Failure::Verification(format!(
			"the node ended rollup {rollup}'s stream in block {block}, but the rollup is still \
			 registered after that block: its stream did not end"
		)));
	}
	Ok(())
}

/// What to follow and where to keep track.
pub struct Options {
	/// The rollup.
	pub rollup: RollupId,
	/// The first index when there is no saved cursor.
	pub from: EntryIndex,
	/// The cursor file.
	pub state: Option<PathBuf>,
	/// The output file (standard output without one).
	pub out: Option<PathBuf>,
	/// Stop once every entry before this index is out.
	pub until: Option<EntryIndex>,
	/// How far the node is believed.
	pub trust: Trust,
}

/// How `follow` checks what the node sends.
#[derive(Clone, Debug)]
pub enum Trust {
	/// Nothing is believed: finality, state, bodies and events by proof from the chain's
	/// genesis ([`crate::light`]). The raw chain spec, read when no cursor holds the trusted
	/// state yet.
	Nothing(Option<PathBuf>),
	/// The node's word on the chain's commitments (`--trust-node`): entries are checked
	/// against the commitments the same node reports.
	Node,
}

/// Follows the rollup's finalized stream on `node` (see the module's documentation). Returns
/// when `until` is reached or the rollup's stream ended; anything else that stops it (the node
/// or the connection going away included) is a [`Failure`].
pub async fn follow(node: &Node, opts: &Options) -> Result<Finished, Failure> {
	let rollup = opts.rollup;
	let genesis = node.genesis();
	let saved = match &opts.state {
		Some(path) => load_cursor(path, rollup, genesis)?,
		None => None,
	};
	let mut cursor = saved.unwrap_or_else(|| Cursor::at(rollup, opts.from));
	cursor.genesis = Some(genesis.into());
	let sink = match &opts.out {
		Some(path) => {
			let file = open_output(path, &mut cursor)?;
			// The file's name is made durable in its directory (the cursor's directory is
			// `fsync`ed when the cursor is saved), and the cursor accounts for the file before
			// anything is written to it: a crash in the first block leaves a cursor that cuts
			// the file back, not a file no cursor accounts for.
			let out_dir = dir_of(path)?;
			let state_dir = opts.state.as_deref().map(dir_of).transpose()?;
			if state_dir.as_ref() != Some(&out_dir) {
				sync_dir(&out_dir)?;
			}
			if let Some(state) = &opts.state {
				save_cursor(state, &cursor)?;
			}
			Sink::File(file)
		},
		None => {
			if let Some(o) = &cursor.output {
				return Err(Failure::User(format!(
					"the cursor accounts for the output file {}: pass it as --out",
					o.path.display()
				)));
			}
			Sink::Stdout
		},
	};
	if let Some(until) = opts.until.filter(|u| cursor.next_index >= *u) {
		return Ok(Finished::Until(until));
	}
	match &opts.trust {
		Trust::Node => trusting(node, opts, cursor, sink).await,
		Trust::Nothing(spec) => proven(node, opts, spec.as_deref(), cursor, sink).await,
	}
}

/// Writes verified `entries` (the cursor's entries before them all out), then saves the
/// cursor after them.
fn write_out(
	sink: &mut Sink,
	cursor: &mut Cursor,
	state: Option<&Path>,
	entries: &[crate::verify::Verified],
) -> Result<(), Failure> {
	let mut lines = Vec::new();
	for v in entries {
		serde_json::to_writer(&mut lines, &v.entry).map_err(|e| e.to_string())?;
		lines.push(b'\n');
	}
	let written = sink.write(&lines)?;
	if let Some(last) = entries.last() {
		cursor.next_index = last.entry.index + 1;
		cursor.commitment = Some(last.commitment);
		cursor.block = Some(last.entry.block);
	}
	if let Some(o) = &mut cursor.output {
		o.len += written;
	}
	if let Some(path) = state {
		save_cursor(path, cursor)?;
	}
	Ok(())
}

/// Follows with proofs of everything ([`crate::light`]).
async fn proven(
	node: &Node,
	opts: &Options,
	spec: Option<&Path>,
	mut cursor: Cursor,
	mut sink: Sink,
) -> Result<Finished, Failure> {
	use crate::light::{anchor, source, stream::ProvenStream, LightCursor};
	let rollup = opts.rollup;
	let genesis = node.genesis();
	let anchor = match spec {
		Some(path) => {
			let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
			let anchor =
				anchor::from_raw_spec(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
			if anchor.genesis != genesis {
				return Err(Failure::Verification(format!(
					"the node serves the chain of genesis 0x{}, but the chain spec {} is of \
					 genesis 0x{}: another chain, or a node that lies about its genesis",
					hex::encode(genesis),
					path.display(),
					hex::encode(anchor.genesis)
				)));
			}
			Some(anchor)
		},
		None => None,
	};
	let (mut trusted, resume) = match (&cursor.light, &anchor) {
		(Some(light), _) => (light.trusted.clone(), Some(light.resume)),
		(None, Some(anchor)) => (anchor.trusted(), None),
		(None, None) => {
			return Err(Failure::User(
				"following without trusting the node starts from the chain's genesis: pass \
				 --chain-spec with the chain's raw spec (`seqchain-node export-chain-spec --chain \
				 <chain> --raw`), or resume from a --state cursor that holds the trusted state; \
				 --trust-node believes the node instead"
					.into(),
			))
		},
	};
	let mut source = source::Source::new(node);
	let mut headers = std::collections::VecDeque::new();
	let mut stream = match (resume, cursor.commitment) {
		(Some(from), Some(commitment)) => {
			let before = source::resume(&mut source, rollup, from, &mut headers, &trusted).await?;
			ProvenStream::new(rollup, cursor.next_index, commitment, from, before)
		},
		_ => {
			headers = source.finalize_all(&mut trusted).await?;
			let (from, before) =
				source::start(&mut source, rollup, cursor.next_index, &mut headers, &trusted)
					.await?;
			let (index, commitment) = before.map_or((0, genesis_commitment(rollup)), |s| {
				(s.stream.next_index, s.stream.commitment)
			});
			// A cursor of a reader that believed its node: what it wrote must be the chain's.
			if let Some(c) = cursor.commitment.filter(|_| index == cursor.next_index) {
				if c != commitment {
					return Err(untrusted_cursor(cursor.next_index));
				}
			}
			ProvenStream::new(rollup, index, commitment, from, before)
		},
	};
	// Entries before the first asked for are read (to fold from the chain's commitment) but
	// not written.
	let skip_before = cursor.next_index;
	eprintln!(
		"following rollup {rollup} from entry {skip_before}, trusting nothing: finalized block {} \
		 verified (authority set {})",
		trusted.number, trusted.set_id
	);
	loop {
		let read = source::read(
			&mut source,
			&mut stream,
			rollup,
			&mut headers,
			opts.until,
			|out, stream| {
				if let Some(c) = cursor.commitment.filter(|_| cursor.light.is_none()) {
					let before =
						out.iter().find(|v| v.entry.index.saturating_add(1) == skip_before);
					if before.is_some_and(|v| v.commitment != c) {
						return Err(untrusted_cursor(skip_before));
					}
				}
				let out: Vec<_> =
					out.into_iter().filter(|v| v.entry.index >= skip_before).collect();
				if out.is_empty() {
					return Ok(());
				}
				// After a release, a restart reads the releasing block again, to end again.
				let resume = stream.ended().map_or(stream.resume_block(), |e| e.block);
				cursor.light = Some(LightCursor { trusted: trusted.clone(), resume });
				write_out(&mut sink, &mut cursor, opts.state.as_deref(), &out)
			},
		)
		.await?;
		if let Some(end) = stream.ended() {
			report(&source.costs);
			return Ok(Finished::Ended(end.clone()));
		}
		if let source::Read::Until = read {
			if let Some(until) = opts.until {
				report(&source.costs);
				return Ok(Finished::Until(until));
			}
		}
		// Every final block is read: save where reading resumes, then wait for finality.
		cursor.light =
			Some(LightCursor { trusted: trusted.clone(), resume: stream.resume_block() });
		if let Some(path) = &opts.state {
			save_cursor(path, &cursor)?;
		}
		let more = source.finalize(&mut trusted).await?;
		if more.is_empty() {
			tokio::time::sleep(std::time::Duration::from_millis(500)).await;
		}
		headers.extend(more);
	}
}

/// Prints what verifying cost: fetched proofs and the time spent checking them.
fn report(c: &crate::light::source::Costs) {
	eprintln!(
		"verified: {} justification(s) ({} bytes), {} header(s) fetched, {} storage proof(s) \
		 ({} bytes), {} bod(ies) ({} bytes); checking took {:.1} ms",
		c.justifications,
		c.justification_bytes,
		c.headers,
		c.proofs,
		c.proof_bytes,
		c.bodies,
		c.body_bytes,
		c.verify_micros as f64 / 1000.0
	);
}

/// The cursor's commitment over the entries before `index` is not the chain's.
fn untrusted_cursor(index: EntryIndex) -> Failure {
	Failure::Verification(format!(
		"the cursor's commitment over the entries before {index} is not the chain's: it was \
		 written by a reader that believed a node that lied (--trust-node); the entries already \
		 written before it cannot be trusted"
	))
}

/// Follows believing the commitments the node reports (`--trust-node`).
async fn trusting(
	node: &Node,
	opts: &Options,
	cursor: Cursor,
	mut sink: Sink,
) -> Result<Finished, Failure> {
	let rollup = opts.rollup;
	eprintln!(
		"following rollup {rollup} from entry {}, trusting the node's commitments",
		cursor.next_index
	);
	let mut sub: Subscription<serde_json::Value> = node
		.rpc
		.subscribe(
			"inbox_subscribeFinalized",
			rpc_params![rollup, cursor.next_index, cursor.block],
			"inbox_unsubscribeFinalized",
		)
		.await
		.map_err(|e| format!("the node refused the subscription: {}", describe_rpc(&e)))?;
	let mut verifier = Verifier::new(cursor);
	loop {
		let verified = &verifier.cursor;
		let item = match sub.next().await {
			Some(Ok(item)) => item,
			Some(Err(e)) => return Err(Failure::User(format!("subscription: {e}"))),
			None => {
				let why = match sub.close_reason() {
					Some(SubscriptionCloseReason::Lagged) => "this client fell behind the stream",
					_ => "the node closed the connection",
				};
				return Err(Failure::User(format!(
					"{why} before the stream ended; entries before {} are verified and out{}: \
					 run follow again to resume",
					verified.next_index,
					if opts.state.is_some() { ", the cursor saved" } else { "" }
				)));
			},
		};
		let item: StreamItem =
			serde_json::from_value(item).map_err(|e| format!("malformed stream item: {e}"))?;
		let entry = match item {
			StreamItem::Error { error } => {
				return Err(Failure::User(format!(
					"the node stopped the stream ({}): {}",
					error.code, error.message
				)))
			},
			StreamItem::End { end } => {
				let commitment = check_end(&verifier, &end)?;
				confirm_release(node, &end, commitment).await?;
				return Ok(Finished::Ended(end));
			},
			StreamItem::Entry(entry) => entry,
		};
		if verifier.cursor.commitment.is_none() {
			let commitment =
				anchor(node, rollup, entry.index, entry.block, entry.block_hash).await?;
			verifier.cursor.commitment = Some(commitment);
		}
		let confirmed = verifier.push(entry).map_err(|e| Failure::Verification(e.to_string()))?;
		if confirmed.is_empty() {
			continue;
		}
		// `--until` may fall inside a block: only the entries before it go out, and the cursor
		// stops after the last of them, with the commitment after it (every fold step of the
		// block is confirmed by the block's commitment).
		let keep = confirmed
			.iter()
			.take_while(|v| opts.until.is_none_or(|until| v.entry.index < until))
			.count();
		// The cursor was before `until`, so the block's first entry is always kept.
		let Some(last) = confirmed[..keep].last() else {
			return Err(Failure::User("a verified block with nothing to emit".into()));
		};
		let mut lines = Vec::new();
		for v in &confirmed[..keep] {
			serde_json::to_writer(&mut lines, &v.entry).map_err(|e| e.to_string())?;
			lines.push(b'\n');
		}
		let written = sink.write(&lines)?;
		let mut cursor = verifier.cursor.clone();
		cursor.next_index = last.entry.index + 1;
		cursor.commitment = Some(last.commitment);
		cursor.block = Some(last.entry.block);
		if let Some(o) = &mut cursor.output {
			o.len += written;
		}
		if let Some(path) = &opts.state {
			save_cursor(path, &cursor)?;
		}
		verifier.cursor.output = cursor.output.clone();
		if let Some(until) = opts.until.filter(|u| cursor.next_index >= *u) {
			return Ok(Finished::Until(until));
		}
	}
}

/// Checks the end of `verifier`'s stream as the node reported it: nothing pending, the same
/// rollup, the verified entries' count and, when the node could read it, the commitment they
/// fold to. Gives that commitment (which the chain must then confirm, [`confirm_release`]).
pub fn check_end(verifier: &Verifier, end: &StreamEnd) -> Result<Hash32, Failure> {
	let verified = &verifier.cursor;
	let rollup = verified.rollup;
	if verifier.pending() > 0 || end.rollup != rollup || end.next_index != verified.next_index {
		return Err(Failure::Verification(format!(
			"the node says rollup {}'s stream ended with {} entries, but entries before {} only \
			 are verified",
			end.rollup, end.next_index, verified.next_index
		)));
	}
	let Some(commitment) = end.commitment else {
		return Err(Failure::Verification(format!(
			"the node ended rollup {rollup}'s stream at entry {} without its final commitment: \
			 the end cannot be verified (read from a node that has the state of block {}, an \
			 archive node for old blocks)",
			end.next_index, end.block
		)));
	};
	if verified.commitment.is_some_and(|c| c != commitment) {
		return Err(Failure::Verification(format!(
			"the node ended rollup {rollup}'s stream with the commitment 0x{}, but the entries \
			 before {} fold to 0x{}",
			hex::encode(commitment),
			verified.next_index,
			hex::encode(verified.commitment.unwrap_or_default())
		)));
	}
	Ok(commitment)
}

/// What [`verify_recording`] established.
#[derive(Debug, PartialEq, Eq)]
pub struct RecordingVerified {
	/// The first entry of the recording.
	pub first: EntryIndex,
	/// The entry after its last.
	pub next: EntryIndex,
	/// The block whose commitment it was checked against.
	pub block: u32,
	/// That commitment.
	pub commitment: Hash32,
}

/// Most blocks one `inbox_submissions` call may span.
const SUBMISSIONS_RANGE: u32 = 1024;

/// How the chain settled a sealed entry.
enum Settled {
	/// Revealed in `block` with this payload and salt.
	Revealed { block: u32, payload: Vec<u8>, salt: Hash32 },
	/// Expired, unrevealed, in `block`.
	Expired { block: u32 },
}

/// What the node reports about the blocks of a recording: the positions each block assigned
/// (payloads left out), and how each entry the recording says is sealed was settled.
pub(crate) struct ChainView {
	blocks: BTreeMap<u32, BlockEntries>,
	settled: BTreeMap<EntryIndex, Settled>,
	/// The finalized head, when the settlements were looked for past the recording's last
	/// block.
	head: Option<u32>,
}

impl ChainView {
	/// Nothing yet; `head` is the node's finalized head when it was looked for.
	pub(crate) fn new(head: Option<u32>) -> Self {
		Self { blocks: BTreeMap::new(), settled: BTreeMap::new(), head }
	}

	/// Takes in one page's blocks: the settlements of `sealed` entries, and the blocks up to
	/// `last` (the recording's) without their payloads.
	pub(crate) fn absorb(
		&mut self,
		blocks: Vec<BlockEntries>,
		sealed: &BTreeSet<EntryIndex>,
		last: u32,
	) {
		for mut b in blocks {
			for r in b.reveals.drain(..).filter(|r| sealed.contains(&r.index)) {
				self.settled.entry(r.index).or_insert(Settled::Revealed {
					block: b.number,
					payload: r.payload,
					salt: r.salt,
				});
			}
			for i in b.expired.iter().filter(|i| sealed.contains(i)) {
				self.settled.entry(*i).or_insert(Settled::Expired { block: b.number });
			}
			if b.number <= last {
				b.entries.iter_mut().for_each(|e| e.payload = None);
				self.blocks.insert(b.number, b);
			}
		}
	}
}

/// Reads `inbox_submissions` over the recording's blocks, `first..=last`, then on past `last`
/// (up to the finalized head) until every entry of `sealed` was revealed or expired.
async fn chain_view(
	node: &Node,
	rollup: RollupId,
	first: u32,
	last: u32,
	sealed: &BTreeSet<EntryIndex>,
) -> Result<ChainView, Failure> {
	let mut view = ChainView { blocks: BTreeMap::new(), settled: BTreeMap::new(), head: None };
	// A node answers up to its finalized head: one behind the recording would answer the rest
	// as empty blocks, and an honest recording would look tampered with.
	let head = node.birth().await?.number;
	if head < last {
		return Err(Failure::User(format!(
			"the node's finalized head is block {head}, before the recording's last block \
			 {last}: wait for it to catch up, or verify against another node"
		)));
	}
	view.head = Some(head);
	let mut from = first;
	loop {
		let unsettled = sealed.iter().any(|i| !view.settled.contains_key(i));
		if from > last && !unsettled {
			return Ok(view);
		}
		let to = if from <= last {
			last.min(from.saturating_add(SUBMISSIONS_RANGE - 1))
		} else {
			let head = match view.head {
				Some(head) => head,
				None => *view.head.insert(node.birth().await?.number),
			};
			if from > head {
				return Ok(view);
			}
			head.min(from.saturating_add(SUBMISSIONS_RANGE - 1))
		};
		// One page at a time: a node bounds each answer in bytes (a page ends early when full)
		// and the client keeps only what it checks against.
		let (blocks, next) = node.submissions_page(rollup, from, to).await?;
		view.absorb(blocks, sealed, last);
		from = next.unwrap_or(to.saturating_add(1));
	}
}

fn status_name(status: EntryStatus) -> &'static str {
	match status {
		EntryStatus::Plain => "plain",
		EntryStatus::Revealed => "revealed",
		EntryStatus::Expired => "expired",
	}
}

/// Checks `entry` against what the chain did to its position: assigned in the entry's block
/// (of that hash) with its hash; a plain entry plain, a sealed one sealed by the same committer
/// and revealed (with the same payload and salt) or expired as the recording says.
pub(crate) fn check_against_chain(
	view: &ChainView,
	rollup: RollupId,
	entry: &StreamEntry,
) -> Result<(), String> {
	let (index, number) = (entry.index, entry.block);
	let block = view.blocks.get(&number).ok_or_else(|| {
		format!(
			"block {number} gave rollup {rollup} no entries on the chain, but the recording has \
			 entry {index} in it"
		)
	})?;
	if block.hash != entry.block_hash {
		return Err(format!(
			"block {number} of the recording has hash 0x{}, the chain's is 0x{}",
			hex::encode(entry.block_hash),
			hex::encode(block.hash)
		));
	}
	let pos = block.entries.iter().find(|p| p.index == index).ok_or_else(|| {
		format!(
			"block {number} assigned rollup {rollup} entries {}..{} on the chain, not entry \
			 {index}",
			block.first_index, block.next_index
		)
	})?;
	if pos.hash != entry.hash {
		return Err(format!(
			"entry {index} has hash 0x{}, the chain's is 0x{}",
			hex::encode(entry.hash),
			hex::encode(pos.hash)
		));
	}
	let said = status_name(entry.status);
	match (pos.kind, entry.status) {
		(EntryKind::Plain, EntryStatus::Plain) => return Ok(()),
		(EntryKind::Plain, _) => {
			return Err(format!(
				"entry {index} is a plain entry on the chain, its payload in block {number}; the \
				 recording says {said}"
			))
		},
		(EntryKind::Sealed, EntryStatus::Plain) => {
			return Err(format!("entry {index} is sealed on the chain; the recording says plain"))
		},
		(EntryKind::Sealed, _) => {},
	}
	if pos.committer != entry.committer {
		return Err(format!(
			"entry {index} was committed by 0x{} on the chain; the recording names 0x{}",
			hex::encode(pos.committer.unwrap_or_default()),
			hex::encode(entry.committer.unwrap_or_default())
		));
	}
	match (entry.status, view.settled.get(&index)) {
		(EntryStatus::Revealed, Some(Settled::Revealed { payload, salt, .. }))
			if entry.payload.as_ref() == Some(payload) && entry.salt.as_ref() == Some(salt) =>
		{
			Ok(())
		},
		(EntryStatus::Expired, Some(Settled::Expired { .. })) => Ok(()),
		(_, Some(Settled::Revealed { block, .. })) => Err(format!(
			"entry {index} was revealed in block {block}, with another payload or salt than the \
			 recording's, which says {said}"
		)),
		(_, Some(Settled::Expired { block })) => Err(format!(
			"entry {index} expired unrevealed in block {block}; the recording says {said}"
		)),
		(_, None) => Err(format!(
			"the node reports entry {index} neither revealed nor expired up to block {}; the \
			 recording says {said}",
			view.head.unwrap_or(number)
		)),
	}
}

/// Verifies a recorded stream (the entries `follow` printed) against the chain, trusting
/// nothing the recording says: the payloads against their hashes and the indices for gaps;
/// each entry against what the node reports for its block (`inbox_submissions`): its block's
/// hash, its hash, and its kind, so a plain entry is plain and an entry marked revealed or
/// expired is a sealed one of that committer that the chain revealed (with that payload and
/// salt) or expired; and the fold over the whole recording (completed with the rest of its last
/// block) against the chain's commitment after that block. A recording that starts mid-stream
/// is anchored as [`anchor`] does.
pub async fn verify_recording(
	node: &Node,
	rollup: RollupId,
	entries: &[StreamEntry],
) -> Result<RecordingVerified, Failure> {
	let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
		return Err(Failure::User("no entries to verify".into()));
	};
	let anchor = anchor(node, rollup, first.index, first.block, first.block_hash).await?;
	let commitment = check_recording(rollup, entries, anchor)
		.map_err(|e| Failure::Verification(e.to_string()))?;
	let sealed: BTreeSet<EntryIndex> =
		entries.iter().filter(|e| e.status != EntryStatus::Plain).map(|e| e.index).collect();
	let view = chain_view(node, rollup, first.block, last.block, &sealed).await?;
	check_recording_against(&view, rollup, entries, commitment)
}

/// Checks a recording by itself and folds it from `anchor`, the chain's commitment before its
/// first entry: one rollup, consecutive indices, blocks in order, every payload its hash's.
/// Gives the commitment after its last entry.
pub(crate) fn check_recording(
	rollup: RollupId,
	entries: &[StreamEntry],
	anchor: Hash32,
) -> Result<Hash32, crate::verify::VerifyError> {
	use crate::verify::VerifyError;
	let Some(first) = entries.first() else { return Ok(anchor) };
	let mut commitment = anchor;
	let mut block = first.block;
	let mut expected = Some(first.index);
	for entry in entries {
		if entry.rollup != rollup {
			return Err(VerifyError::WrongRollup(entry.rollup));
		}
		// As the verifier: `u64::MAX` is never an entry's, so the index after each fits.
		if entry.index == EntryIndex::MAX {
			return Err(VerifyError::IndexTooLarge);
		}
		let Some(index) = expected.filter(|i| *i == entry.index) else {
			return Err(VerifyError::OutOfOrder {
				expected: expected.unwrap_or(EntryIndex::MAX),
				got: entry.index,
			});
		};
		if entry.block < block {
			return Err(VerifyError::BlockOutOfOrder { index, block: entry.block, after: block });
		}
		block = entry.block;
		Verifier::check_payload(rollup, entry)?;
		commitment = seqchain_primitives::inbox::next_commitment(&commitment, index, &entry.hash);
		expected = index.checked_add(1);
	}
	Ok(commitment)
}

/// Checks each entry of a recording (checked by itself, folding to `commitment`) against what
/// the chain did ([`check_against_chain`]), and the fold, completed with the rest of the last
/// entry's block, against the chain's commitment after that block.
pub(crate) fn check_recording_against(
	view: &ChainView,
	rollup: RollupId,
	entries: &[StreamEntry],
	commitment: Hash32,
) -> Result<RecordingVerified, Failure> {
	let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
		return Err(Failure::User("no entries to verify".into()));
	};
	for entry in entries {
		check_against_chain(view, rollup, entry).map_err(Failure::Verification)?;
	}
	// The last entry's block is in the view: `check_against_chain` found it, with the entry
	// among the block's positions, `first_index..next_index`.
	let chain = &view.blocks[&last.block];
	let rest: Vec<Hash32> =
		chain.entries.iter().filter(|e| e.index > last.index).map(|e| e.hash).collect();
	let theirs = chain.commitment.unwrap_or_default();
	let ours = last.index.checked_add(1).map(|next| fold(commitment, next, &rest));
	if last.index < chain.first_index
		|| last.index >= chain.next_index
		|| rest.len() as u64 != chain.next_index - last.index - 1
		|| ours != Some(theirs)
	{
		return Err(Failure::Verification(format!(
			"the recording is not the chain's stream: folded to 0x{} by the end of block {}, \
			 where the chain's commitment is 0x{} (an entry was altered, dropped, added or \
			 reordered)",
			hex::encode(ours.unwrap_or_default()),
			last.block,
			hex::encode(theirs)
		)));
	}
	Ok(RecordingVerified {
		first: first.index,
		next: last.index + 1,
		block: last.block,
		commitment: theirs,
	})
}
