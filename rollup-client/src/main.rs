//! `rollup-client`: what a rollup team runs against a sequencer node.
//!
//! ```text
//! rollup-client register my-rollup                 # prints the rollup id
//! rollup-client submit 0 batch.bin                 # one payload from a file
//! printf 'tx1\ntx2\n' | rollup-client submit 0 --lines   # a batch, one payload a line
//! rollup-client commit 1 secret.bin                # sealed: prints index and salt
//! rollup-client reveal 1 0 0x<salt> secret.bin
//! rollup-client follow 0 --chain-spec dev.raw.json --state r0.cursor --out r0.jsonl
//!                                                  # trusts no node, resumable, exactly once
//! rollup-client verify 0 < recorded.jsonl          # check a recording against the chain
//! ```
//!
//! Signing commands take the key from `--suri-file FILE`, the `SEQCHAIN_SURI` environment
//! variable or `--suri` (visible in the process list); only on a development or local chain is
//! there a default, `//Alice`. Transactions are mortal (`node::MORTAL_PERIOD` blocks).
//!
//! `follow` writes one JSON object per entry (`index`, `block`, `status`, `hash`, `payload`,
//! ...), each only once it is proven final and settled from the chain spec's genesis
//! ([`rollup_client::light`]; `--trust-node` believes the node's commitments instead), then
//! saves its cursor (`--state`) atomically and durably; see [`rollup_client::follow`]. Exit
//! codes: 0 done (`--until` reached, or the rollup was released and its stream ended), 1 an
//! error (the connection lost included; run it again to resume), 2 verification failed.

use std::{io::Read, path::PathBuf};

use clap::{Parser, Subcommand};
use jsonrpsee::rpc_params;
use pallet_inbox::{OrderingPolicy, RollupConfig, SubmitterPolicy};
use rollup_client::{
	follow::{self, Failure, Finished},
	node::{Error, Node},
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
	/// The signing account's secret URI (a mnemonic, a 0x seed, or a dev name like //Alice).
	/// Visible to other users in the process list: prefer --suri-file or SEQCHAIN_SURI.
	#[arg(long, global = true, conflicts_with = "suri_file")]
	suri: Option<String>,
	/// A file holding the signing account's secret URI (its first line).
	#[arg(long, global = true, value_name = "FILE")]
	suri_file: Option<PathBuf>,
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
	/// Deregister a rollup (owner only): it takes no new entries; its bond can be released
	/// after the deregistration delay, which ends its stream.
	Deregister {
		/// The rollup id.
		rollup: RollupId,
	},
	/// Release a deregistered rollup's bond once its delay has passed (anyone): the rollup is
	/// removed and its stream ends.
	Release {
		/// The rollup id.
		rollup: RollupId,
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
		/// File keeping the cursor; read at start, replaced atomically after every verified
		/// block.
		#[arg(long)]
		state: Option<PathBuf>,
		/// Write the entries to this file instead of standard output. With --state, the file
		/// holds every entry exactly once across crashes and restarts.
		#[arg(long, value_name = "FILE")]
		out: Option<PathBuf>,
		/// Stop once every entry before this index is out.
		#[arg(long)]
		until: Option<EntryIndex>,
		/// The chain's raw chain spec (`seqchain-node export-chain-spec --chain <chain>
		/// --raw`): its genesis is what everything is verified from. Needed until a --state
		/// cursor holds the trusted state.
		#[arg(long, value_name = "FILE", conflicts_with = "trust_node")]
		chain_spec: Option<PathBuf>,
		/// Believe the node's word on the chain's commitments instead of verifying finality,
		/// state, bodies and events by proof: a node that lies consistently is believed.
		#[arg(long)]
		trust_node: bool,
	},
	/// Verify a recorded stream (JSON lines from `follow`) read from standard input against
	/// the chain: the payloads, the order, each entry's kind (plain, revealed or expired) as the
	/// node reports it, and the commitment at the recording's last block.
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

/// Environment variable holding the signing account's secret URI.
const SURI_ENV: &str = "SEQCHAIN_SURI";

/// The secret URI the user gave, and where it came from.
fn given_suri(cli: &Cli) -> Result<Option<(String, &'static str)>, Error> {
	if let Some(path) = &cli.suri_file {
		let text = std::fs::read_to_string(path)
			.map_err(|e| format!("--suri-file {}: {e}", path.display()))?;
		let suri = text.lines().next().unwrap_or_default().trim().to_string();
		if suri.is_empty() {
			return Err(format!("--suri-file {}: the file is empty", path.display()));
		}
		return Ok(Some((suri, "--suri-file")));
	}
	if let Some(suri) = &cli.suri {
		return Ok(Some((suri.clone(), "--suri")));
	}
	match std::env::var(SURI_ENV) {
		Ok(suri) if !suri.trim().is_empty() => Ok(Some((suri.trim().to_string(), SURI_ENV))),
		_ => Ok(None),
	}
}

fn parse_pair(suri: &str, source: &str) -> Result<sr25519::Pair, Error> {
	sr25519::Pair::from_string(suri, None)
		.map_err(|e| format!("{source}: not a valid secret URI ({e:?})"))
}

/// The signing key: the one given, or on a development or local chain `//Alice`. Never a
/// default on a live chain.
async fn signer(
	given: Option<(sr25519::Pair, &'static str)>,
	node: &Node,
) -> Result<sr25519::Pair, Error> {
	let chain_type = node.chain_type().await?;
	match given {
		Some((pair, source)) => {
			if source == "--suri" && !matches!(chain_type.as_str(), "Development" | "Local") {
				eprintln!(
					"warning: --suri is visible to other users of this machine in the process \
					 list; prefer --suri-file or {SURI_ENV}"
				);
			}
			Ok(pair)
		},
		None if matches!(chain_type.as_str(), "Development" | "Local") => {
			eprintln!("no key given: signing as //Alice on this {chain_type} chain");
			parse_pair("//Alice", "//Alice")
		},
		None => Err(format!(
			"no signing key: pass --suri-file FILE or set {SURI_ENV} (or --suri); there is no \
			 default signer on a {chain_type} chain"
		)),
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

/// The stream entries on standard input, one JSON object a line.
fn read_recording() -> Result<Vec<StreamEntry>, Error> {
	let mut input = String::new();
	std::io::stdin().read_to_string(&mut input).map_err(|e| format!("stdin: {e}"))?;
	let entries = input
		.lines()
		.filter(|l| !l.trim().is_empty())
		.enumerate()
		.map(|(n, line)| {
			serde_json::from_str::<StreamEntry>(line)
				.map_err(|e| format!("line {}: not a stream entry ({e})", n + 1))
		})
		.collect::<Result<Vec<_>, _>>()?;
	if entries.is_empty() {
		return Err("no entries on standard input".into());
	}
	Ok(entries)
}

fn parse_salt(s: &str) -> Result<[u8; 32], Error> {
	let bytes = hex::decode(s.trim_start_matches("0x")).map_err(|e| format!("salt: {e}"))?;
	bytes.try_into().map_err(|_| "the salt is 32 bytes (64 hex digits)".to_string())
}

async fn run(cli: Cli) -> Result<(), Failure> {
	// A key given is checked before anything else, whatever the command.
	let given = given_suri(&cli)?
		.map(|(suri, source)| parse_pair(&suri, source).map(|pair| (pair, source)))
		.transpose()?;
	// A recording to verify is read, and refused if malformed, before the node is asked.
	let mut recording = match cli.command {
		Command::Verify { .. } => Some(read_recording()?),
		_ => None,
	};
	let node = Node::connect(&cli.url).await?.also(cli.also.clone());
	let node = &node;
	let signs = matches!(
		cli.command,
		Command::Register { .. }
			| Command::SetSubmitters { .. }
			| Command::Submit { .. }
			| Command::Commit { .. }
			| Command::Reveal { .. }
			| Command::Deregister { .. }
			| Command::Release { .. }
	);
	let pair = if signs { Some(signer(given, node).await?) } else { None };
	let pair = &pair;
	let signed = move |call: RuntimeCall| async move {
		let pair = pair.as_ref().ok_or("this command does not sign")?;
		let nonce = node.nonce(&pair.public().into()).await?;
		let birth = node.birth().await?;
		Ok::<_, Error>(node.sign(pair, call, nonce, Some(birth)))
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
			let pair = pair.as_ref().ok_or("commit signs")?;
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
		Command::Deregister { rollup } => {
			let call = pallet_inbox::Call::deregister { id: rollup };
			let out = node.submit_and_watch(&signed(call.into()).await?, false).await?;
			eprintln!("rollup {rollup} deregistered in block {}", out.block);
		},
		Command::Release { rollup } => {
			let call = pallet_inbox::Call::release_bond { id: rollup };
			let out = node.submit_and_watch(&signed(call.into()).await?, false).await?;
			eprintln!("rollup {rollup} released in block {}: its stream has ended", out.block);
		},
		Command::Follow { rollup, from, state, out, until, chain_spec, trust_node } => {
			let trust =
				if trust_node { follow::Trust::Node } else { follow::Trust::Nothing(chain_spec) };
			let how = if trust_node {
				"verified against the commitments the node reports"
			} else {
				"proven final and complete from the chain's genesis"
			};
			let opts = follow::Options { rollup, from, state, out, until, trust };
			match follow::follow(node, &opts).await? {
				Finished::Until(until) => {
					eprintln!("rollup {rollup}: entries before {until} {how}, and written")
				},
				Finished::Ended(end) => eprintln!(
					"rollup {rollup} was released in block {} (confirmed in the chain's state): \
					 its stream ended with entry {}, every entry {how}, and written",
					end.block,
					end.next_index.checked_sub(1).map_or("none".into(), |i| i.to_string()),
				),
			}
		},
		Command::Verify { rollup } => {
			let entries = recording.take().unwrap_or_default();
			let ok = follow::verify_recording(node, rollup, &entries).await?;
			println!(
				"ok: entries {}..{} verified against the chain's commitment after block {} (0x{})",
				ok.first,
				ok.next,
				ok.block,
				hex::encode(ok.commitment)
			);
		},
	}
	Ok(())
}
