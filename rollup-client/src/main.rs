//! `rollup-client`: what a rollup team runs against a sequencer node.
//!
//! ```text
//! rollup-client register my-rollup                 # prints the rollup id
//! rollup-client submit 0 batch.bin                 # one payload from a file
//! printf 'tx1\ntx2\n' | rollup-client submit 0 --lines   # a batch, one payload a line
//! rollup-client commit 1 secret.bin                # sealed: prints index and salt
//! rollup-client reveal 1 0 0x<salt> secret.bin
//! rollup-client follow 0 --state rollup0.json      # the finalized stream, verified, resumable
//! rollup-client verify 0 < recorded.jsonl          # check a recorded stream offline
//! ```
//!
//! `follow` prints one JSON object per entry on stdout (`index`, `block`, `status`, `hash`,
//! `payload`, ...), checks every entry against the chain's hash-chain commitment, and with
//! `--state` saves its cursor after every entry, so a restarted `follow` continues with the
//! next entry: none twice, none skipped. Any mismatch stops it with exit code 2.

use std::{io::Read, path::PathBuf};

use clap::{Parser, Subcommand};
use jsonrpsee::{
	core::client::{Subscription, SubscriptionClientT},
	rpc_params,
};
use pallet_inbox::{OrderingPolicy, RollupConfig, SubmitterPolicy};
use rollup_client::{
	node::{Error, Node},
	verify::{Cursor, Verifier},
};
use seqchain_primitives::inbox::{rpc::StreamEntry, sealed_hash, EntryIndex, RollupId};
use seqchain_runtime::{RuntimeCall, RuntimeEvent};
use sp_core::{sr25519, Pair};

#[derive(Parser)]
#[command(
	name = "rollup-client",
	version,
	about = "Register a rollup, submit to it, follow its finalized stream."
)]
struct Cli {
	/// The node's WebSocket RPC endpoint.
	#[arg(long, global = true, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The signing account's secret URI (a dev name like //Alice, a mnemonic, or 0x seed).
	#[arg(long, global = true, default_value = "//Alice")]
	suri: String,
	/// Also send every transaction to this node (repeatable): nodes of other operators, so
	/// that one sequencer's node cannot keep it out. Their refusals are reported, not fatal.
	#[arg(long, global = true, value_name = "URL")]
	also: Vec<String>,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Register a rollup; prints its id. Holds the rollup bond from the signer.
	Register {
		/// Unique name: 1-32 bytes of a-z, 0-9, - and _.
		name: String,
		/// Sealed ordering: commit a hash first, reveal the payload later.
		#[arg(long)]
		sealed: bool,
		/// Only accounts on the allow-list (set with `set-submitters`) may submit.
		#[arg(long)]
		allow_list: bool,
		/// Largest payload, in bytes.
		#[arg(long, default_value_t = 65_536)]
		max_payload_bytes: u32,
		/// Most submissions per block.
		#[arg(long, default_value_t = 256)]
		max_per_block: u32,
	},
	/// Replace the rollup's allow-list (owner only).
	SetSubmitters {
		/// The rollup id.
		rollup: RollupId,
		/// SS58 addresses.
		accounts: Vec<String>,
	},
	/// Submit payloads to a plain rollup: each FILE is one payload (several make a batch); with
	/// no FILE, standard input is one payload, or one payload per line with --lines.
	Submit {
		/// The rollup id.
		rollup: RollupId,
		/// Payload files.
		files: Vec<PathBuf>,
		/// Split standard input (or each file) into one payload per non-empty line.
		#[arg(long)]
		lines: bool,
		/// Wait for finality, not only inclusion.
		#[arg(long)]
		finalized: bool,
	},
	/// Commit to a payload of a sealed rollup; prints the index and the salt to reveal with.
	Commit {
		/// The rollup id.
		rollup: RollupId,
		/// The payload (standard input if absent).
		file: Option<PathBuf>,
		/// The salt, 32 bytes hex (random if absent).
		#[arg(long)]
		salt: Option<String>,
	},
	/// Reveal a committed payload.
	Reveal {
		/// The rollup id.
		rollup: RollupId,
		/// The index `commit` printed.
		index: EntryIndex,
		/// The salt `commit` printed.
		salt: String,
		/// The payload (standard input if absent).
		file: Option<PathBuf>,
	},
	/// Print a rollup's state.
	Info {
		/// The rollup id.
		rollup: RollupId,
	},
	/// Print the rollup's finalized stream as JSON lines, verifying it as it goes.
	Follow {
		/// The rollup id.
		rollup: RollupId,
		/// First index to print when there is no saved state.
		#[arg(long, default_value_t = 0)]
		from: EntryIndex,
		/// File keeping the cursor; read at start, written after every entry.
		#[arg(long)]
		state: Option<PathBuf>,
		/// Stop once the entry before this index was printed.
		#[arg(long)]
		until: Option<EntryIndex>,
	},
	/// Verify a recorded stream (JSON lines from `follow`) read from standard input.
	Verify {
		/// The rollup id.
		rollup: RollupId,
	},
}

#[tokio::main]
async fn main() {
	let cli = Cli::parse();
	match run(cli).await {
		Ok(()) => {},
		Err(Failure::User(e)) => {
			eprintln!("error: {e}");
			std::process::exit(1);
		},
		Err(Failure::Verification(e)) => {
			eprintln!("VERIFICATION FAILED: {e}");
			std::process::exit(2);
		},
	}
}

enum Failure {
	User(Error),
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

fn read_input(file: Option<&PathBuf>) -> Result<Vec<u8>, Error> {
	match file {
		Some(path) => std::fs::read(path).map_err(|e| format!("{}: {e}", path.display())),
		None => {
			let mut buf = Vec::new();
			std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("stdin: {e}"))?;
			Ok(buf)
		},
	}
}

fn parse_salt(s: &str) -> Result<[u8; 32], Error> {
	let bytes = hex::decode(s.trim_start_matches("0x")).map_err(|e| format!("salt: {e}"))?;
	bytes.try_into().map_err(|_| "the salt is 32 bytes (64 hex digits)".to_string())
}

async fn run(cli: Cli) -> Result<(), Failure> {
	let pair = sr25519::Pair::from_string(&cli.suri, None)
		.map_err(|e| format!("--suri: not a valid secret URI ({e:?})"))?;
	if let Command::Verify { rollup } = cli.command {
		return verify_stdin(rollup);
	}
	let node = Node::connect(&cli.url).await?.also(cli.also.clone());
	let (node, pair) = (&node, &pair);
	let signed = move |call: RuntimeCall| async move {
		let nonce = node.nonce(&pair.public().into()).await?;
		Ok::<_, Error>(node.sign(pair, call, nonce))
	};
	match cli.command {
		Command::Register { name, sealed, allow_list, max_payload_bytes, max_per_block } => {
			let config = RollupConfig {
				submitters: if allow_list {
					SubmitterPolicy::AllowList
				} else {
					SubmitterPolicy::Open
				},
				max_payload_bytes,
				max_submissions_per_block: max_per_block,
				ordering: if sealed { OrderingPolicy::Sealed } else { OrderingPolicy::Plain },
			};
			let call = pallet_inbox::Call::register_rollup { name: name.into_bytes(), config };
			let out = node.submit_and_watch(&signed(call.into()).await?, false).await?;
			let id = out
				.events
				.iter()
				.find_map(|e| match e {
					RuntimeEvent::Inbox(pallet_inbox::Event::RollupRegistered { id, .. }) => {
						Some(*id)
					},
					_ => None,
				})
				.ok_or("no RollupRegistered event")?;
			println!("{id}");
			eprintln!("registered rollup {id} in block {}", out.block);
		},
		Command::SetSubmitters { rollup, accounts } => {
			use sp_core::crypto::Ss58Codec;
			let submitters = accounts
				.iter()
				.map(|a| {
					sp_runtime::AccountId32::from_ss58check(a).map_err(|e| format!("{a}: {e:?}"))
				})
				.collect::<Result<Vec<_>, _>>()?;
			let call = pallet_inbox::Call::set_submitters { id: rollup, submitters };
			let out = node.submit_and_watch(&signed(call.into()).await?, false).await?;
			eprintln!("allow-list of rollup {rollup} set in block {}", out.block);
		},
		Command::Submit { rollup, files, lines, finalized } => {
			let mut payloads = Vec::new();
			let inputs: Vec<Option<&PathBuf>> =
				if files.is_empty() { vec![None] } else { files.iter().map(Some).collect() };
			for input in inputs {
				let data = read_input(input)?;
				if lines {
					payloads.extend(
						data.split(|b| *b == b'\n').filter(|l| !l.is_empty()).map(<[u8]>::to_vec),
					);
				} else {
					payloads.push(data);
				}
			}
			let count = payloads.len();
			let call: RuntimeCall = if count == 1 {
				pallet_inbox::Call::submit { id: rollup, payload: payloads.remove(0) }.into()
			} else {
				pallet_inbox::Call::submit_batch { id: rollup, payloads }.into()
			};
			let out = node.submit_and_watch(&signed(call).await?, finalized).await?;
			println!("{}", out.block);
			eprintln!(
				"{count} payload(s) to rollup {rollup} in block {} ({:?})",
				out.block, out.block_hash
			);
		},
		Command::Commit { rollup, file, salt } => {
			let payload = read_input(file.as_ref())?;
			let salt = match salt {
				Some(s) => parse_salt(&s)?,
				None => sr25519::Pair::generate().1,
			};
			// The hash binds the committing account: only this account's commit can be filled
			// with the payload.
			let committer = seqchain_runtime::AccountId::from(pair.public());
			let hash = sealed_hash(rollup, committer.as_ref(), &payload, &salt);
			let call = pallet_inbox::Call::commit { id: rollup, hash };
			let out = node.submit_and_watch(&signed(call.into()).await?, false).await?;
			let index = out
				.events
				.iter()
				.find_map(|e| match e {
					RuntimeEvent::Inbox(pallet_inbox::Event::Committed { index, .. }) => {
						Some(*index)
					},
					_ => None,
				})
				.ok_or("no Committed event")?;
			println!("{index} 0x{}", hex::encode(salt));
			eprintln!(
				"committed entry {index} of rollup {rollup} in block {}; reveal it with this salt",
				out.block
			);
		},
		Command::Reveal { rollup, index, salt, file } => {
			let payload = read_input(file.as_ref())?;
			let call =
				pallet_inbox::Call::reveal { id: rollup, index, payload, salt: parse_salt(&salt)? };
			let out = node.submit_and_watch(&signed(call.into()).await?, false).await?;
			eprintln!("revealed entry {index} of rollup {rollup} in block {}", out.block);
		},
		Command::Info { rollup } => {
			let info: Option<serde_json::Value> = jsonrpsee::core::client::ClientT::request(
				&node.rpc,
				"inbox_rollup",
				rpc_params![rollup, Option::<sp_core::H256>::None],
			)
			.await
			.map_err(|e| format!("inbox_rollup: {e}"))?;
			let info = info.ok_or(format!("no rollup {rollup}"))?;
			println!("{}", serde_json::to_string_pretty(&info).unwrap_or_default());
		},
		Command::Follow { rollup, from, state, until } => {
			follow(node, rollup, from, state, until).await?
		},
		Command::Verify { .. } => unreachable!("handled above"),
	}
	Ok(())
}

fn load_cursor(path: &PathBuf, rollup: RollupId) -> Result<Option<Cursor>, Error> {
	match std::fs::read(path) {
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
		Err(e) => Err(format!("{}: {e}", path.display())),
		Ok(bytes) => {
			let cursor: Cursor = serde_json::from_slice(&bytes)
				.map_err(|e| format!("{}: not a cursor file ({e})", path.display()))?;
			if cursor.rollup != rollup {
				return Err(format!(
					"{} follows rollup {}, not {rollup}",
					path.display(),
					cursor.rollup
				));
			}
			Ok(Some(cursor))
		},
	}
}

fn save_cursor(path: &PathBuf, cursor: &Cursor) -> Result<(), Error> {
	// Write then rename, so a crash never leaves a torn cursor.
	let tmp = path.with_extension("tmp");
	let json = serde_json::to_vec(cursor).map_err(|e| e.to_string())?;
	std::fs::write(&tmp, json).map_err(|e| format!("{}: {e}", tmp.display()))?;
	std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

async fn follow(
	node: &Node,
	rollup: RollupId,
	from: EntryIndex,
	state: Option<PathBuf>,
	until: Option<EntryIndex>,
) -> Result<(), Failure> {
	let saved = match &state {
		Some(path) => load_cursor(path, rollup)?,
		None => None,
	};
	let cursor = saved.unwrap_or_else(|| {
		if from == 0 {
			Cursor::genesis(rollup)
		} else {
			Cursor { rollup, next_index: from, commitment: None, block: None }
		}
	});
	if until.is_some_and(|u| cursor.next_index >= u) {
		return Ok(());
	}
	eprintln!("following rollup {rollup} from entry {}", cursor.next_index);
	let mut sub: Subscription<serde_json::Value> = node
		.rpc
		.subscribe(
			"inbox_subscribeFinalized",
			rpc_params![rollup, cursor.next_index, cursor.block],
			"inbox_unsubscribeFinalized",
		)
		.await
		.map_err(|e| format!("inbox_subscribeFinalized: {e}"))?;
	let mut verifier = Verifier::new(cursor);
	let mut unverified = 0u64;
	while let Some(item) = sub.next().await {
		let item = item.map_err(|e| format!("subscription: {e}"))?;
		if let Some(err) = item.get("error") {
			return Err(Failure::User(format!("the node stopped the stream: {err}")));
		}
		let entry: StreamEntry =
			serde_json::from_value(item).map_err(|e| format!("malformed entry: {e}"))?;
		match verifier.check(&entry) {
			Ok(true) => {},
			Ok(false) => unverified += 1,
			Err(e) => return Err(Failure::Verification(e.to_string())),
		}
		println!("{}", serde_json::to_string(&entry).map_err(|e| e.to_string())?);
		if let Some(path) = &state {
			save_cursor(path, &verifier.cursor)?;
		}
		if until.is_some_and(|u| verifier.cursor.next_index >= u) {
			break;
		}
	}
	if unverified > 0 {
		eprintln!("note: the first {unverified} entries preceded the first on-chain checkpoint");
	}
	eprintln!(
		"rollup {rollup}: verified up to entry {} against {} on-chain commitments",
		verifier.cursor.next_index, verifier.checkpoints
	);
	Ok(())
}

fn verify_stdin(rollup: RollupId) -> Result<(), Failure> {
	let mut input = String::new();
	std::io::stdin().read_to_string(&mut input).map_err(|e| format!("stdin: {e}"))?;
	let mut verifier: Option<Verifier> = None;
	for (n, line) in input.lines().filter(|l| !l.trim().is_empty()).enumerate() {
		let entry: StreamEntry = serde_json::from_str(line)
			.map_err(|e| format!("line {}: not a stream entry ({e})", n + 1))?;
		let v = verifier.get_or_insert_with(|| {
			Verifier::new(if entry.index == 0 {
				Cursor::genesis(rollup)
			} else {
				Cursor { rollup, next_index: entry.index, commitment: None, block: None }
			})
		});
		v.check(&entry).map_err(|e| Failure::Verification(e.to_string()))?;
	}
	let v = verifier.ok_or("no entries on standard input")?;
	println!(
		"ok: entries up to {} verified against {} on-chain commitments",
		v.cursor.next_index, v.checkpoints
	);
	Ok(())
}
