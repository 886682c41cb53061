//! `follow`, `verify` and signing against a stand-in node (`common`) that misbehaves the way a
//! real one can: entries out only once verified, a node that leaves out commitments, forges an
//! entry, drops the connection or ends a released rollup's stream; a client killed between
//! entries; `verify` that trusts nothing the recording says; keys and mortal transactions.

mod common;

use std::{
	fs::File,
	io::Write,
	path::{Path, PathBuf},
	process::{Child, Command, Output, Stdio},
	time::{Duration, Instant},
};

use codec::Decode;
use common::{Chain, End, FakeNode, Script};
use seqchain_primitives::inbox::rpc::StreamEntry;

const BIN: &str = env!("CARGO_BIN_EXE_rollup-client");

fn spawn(url: &str, args: &[&str], stdout: Stdio, env: &[(&str, &str)]) -> Child {
	let mut cmd = Command::new(BIN);
	cmd.args(["--url", url]).args(args).stdout(stdout).stderr(Stdio::piped()).stdin(Stdio::null());
	// The stand-in node serves the inbox RPC, not proofs: `follow` here is the mode that
	// believes the node's commitments (the proven mode is tested against a real node, in
	// `node/tests/verified_reads.rs`).
	if args.first() == Some(&"follow") {
		cmd.arg("--trust-node");
	}
	cmd.env_remove("SEQCHAIN_SURI");
	for (k, v) in env {
		cmd.env(k, v);
	}
	cmd.spawn().expect("rollup-client runs")
}

/// Runs the client to completion; a client still running after `timeout` is killed and the
/// test fails: it hung.
fn run_env(url: &str, args: &[&str], env: &[(&str, &str)], timeout: Duration) -> Output {
	let mut child = spawn(url, args, Stdio::piped(), env);
	let start = Instant::now();
	while child.try_wait().expect("wait").is_none() {
		if start.elapsed() > timeout {
			child.kill().expect("kill");
			let out = child.wait_with_output().expect("output");
			panic!(
				"rollup-client {args:?} hung for {timeout:?}; it printed:\n{}\n{}",
				String::from_utf8_lossy(&out.stdout),
				String::from_utf8_lossy(&out.stderr)
			);
		}
		std::thread::sleep(Duration::from_millis(20));
	}
	child.wait_with_output().expect("output")
}

fn run(url: &str, args: &[&str]) -> Output {
	run_env(url, args, &[], Duration::from_secs(30))
}

fn stderr(out: &Output) -> String {
	String::from_utf8_lossy(&out.stderr).into_owned()
}

fn indices(text: &str) -> Vec<u64> {
	text.lines()
		.map(|l| serde_json::from_str::<StreamEntry>(l).expect("a whole entry a line").index)
		.collect()
}

fn temp_dir(tag: &str) -> PathBuf {
	let nanos = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.expect("clock")
		.as_nanos();
	let dir =
		std::env::temp_dir().join(format!("rollup-client-{tag}-{}-{nanos}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("temp dir");
	dir
}

fn path(p: &Path) -> &str {
	p.to_str().expect("utf-8 path")
}

/// A node that never sends a commitment gets nothing out of `follow`: no entry is printed and
/// the client says why, with exit code 2 (it used to print them all and exit 0).
#[test]
fn a_node_that_omits_commitments_gets_nothing_out() {
	let node = FakeNode::start(
		Chain::regular(0, 3, 2),
		Script { omit_commitments: true, ..Default::default() },
	);
	let out = run(&node.url, &["follow", "0", "--until", "4"]);
	assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
	assert!(out.stdout.is_empty(), "nothing unverified is printed");
	assert!(stderr(&out).contains("without the chain's commitment"), "{}", stderr(&out));
}

/// A forged entry in block 2 stops the client before anything of block 2 is printed, and the
/// cursor stays after block 1: the forged block's genuine first entry is not let through
/// either (it used to be printed and saved before the block was checked).
#[test]
fn a_forged_block_is_not_emitted_and_the_cursor_stays_before_it() {
	let dir = temp_dir("forged");
	let state = dir.join("cursor.json");
	// Blocks of three: entry 4 is the middle of block 2.
	let node =
		FakeNode::start(Chain::regular(0, 3, 3), Script { forge: Some(4), ..Default::default() });
	let out = run(&node.url, &["follow", "0", "--state", path(&state), "--until", "9"]);
	assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
	assert!(stderr(&out).contains("VERIFICATION FAILED"), "{}", stderr(&out));
	assert_eq!(indices(&String::from_utf8_lossy(&out.stdout)), vec![0, 1, 2]);
	let cursor: serde_json::Value =
		serde_json::from_slice(&std::fs::read(&state).expect("a cursor")).expect("JSON");
	assert_eq!(cursor["nextIndex"], 3, "{cursor}");
	assert_eq!(cursor["block"], 1, "{cursor}");
	// `--until` inside the forged block does not let its first entries out either.
	let out = run(&node.url, &["follow", "0", "--until", "4"]);
	assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
	assert_eq!(indices(&String::from_utf8_lossy(&out.stdout)), vec![0, 1, 2]);
	let _ = std::fs::remove_dir_all(dir);
}

/// `--until` inside an honest block stops exactly there and the next run resumes exactly
/// there.
#[test]
fn until_inside_a_block_stops_and_resumes_there() {
	let dir = temp_dir("until");
	let state = dir.join("cursor.json");
	let node = FakeNode::start(Chain::regular(0, 3, 3), Script::default());
	let first = run(&node.url, &["follow", "0", "--state", path(&state), "--until", "4"]);
	assert!(first.status.success(), "{}", stderr(&first));
	assert!(stderr(&first).contains("entries before 4 verified"), "{}", stderr(&first));
	let second = run(&node.url, &["follow", "0", "--state", path(&state), "--until", "9"]);
	assert!(second.status.success(), "{}", stderr(&second));
	let mut all = indices(&String::from_utf8_lossy(&first.stdout));
	all.extend(indices(&String::from_utf8_lossy(&second.stdout)));
	assert_eq!(all, (0..9).collect::<Vec<_>>());
	let _ = std::fs::remove_dir_all(dir);
}

/// A node that goes away before `--until` is an error (it used to end with exit code 0).
#[test]
fn a_dropped_connection_is_an_error() {
	let node = FakeNode::start(
		Chain::regular(0, 3, 2),
		Script { drop_after: Some(3), ..Default::default() },
	);
	let out = run(&node.url, &["follow", "0", "--until", "6"]);
	assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
	assert!(stderr(&out).contains("closed the connection"), "{}", stderr(&out));
	// Block 1 was verified and printed; block 2 was cut off after one entry and is not.
	assert_eq!(indices(&String::from_utf8_lossy(&out.stdout)), vec![0, 1]);
}

/// A client killed after it printed entries, while its old implementation was still writing
/// the cursor (here: the fixed temporary name it used is a FIFO nobody reads, so that write
/// blocks), resumes after what it printed: nothing twice, nothing skipped.
#[test]
fn a_client_killed_after_printing_resumes_after_what_it_printed() {
	let dir = temp_dir("killed");
	let state = dir.join("cursor.json");
	let fifo = dir.join("cursor.tmp");
	let c = std::ffi::CString::new(path(&fifo)).expect("path");
	// SAFETY: `c` is a valid NUL-terminated path.
	assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
	let out_path = dir.join("stream.jsonl");
	let node = FakeNode::start(Chain::regular(0, 2, 3), Script::default());
	let out = File::create(&out_path).expect("output");
	let mut first = spawn(&node.url, &["follow", "0", "--state", path(&state)], out.into(), &[]);
	let start = Instant::now();
	while std::fs::read_to_string(&out_path).unwrap_or_default().lines().count() < 1 {
		assert!(start.elapsed() < Duration::from_secs(20), "nothing printed");
		std::thread::sleep(Duration::from_millis(20));
	}
	std::thread::sleep(Duration::from_millis(500));
	first.kill().expect("kill");
	first.wait().expect("wait");
	std::fs::remove_file(&fifo).expect("remove the FIFO");

	let out = File::options().append(true).open(&out_path).expect("output");
	let mut second = spawn(
		&node.url,
		&["follow", "0", "--state", path(&state), "--until", "6"],
		out.into(),
		&[],
	);
	let status = second.wait().expect("wait");
	assert!(status.success(), "resume failed");
	let text = std::fs::read_to_string(&out_path).expect("output");
	assert_eq!(indices(&text), (0..6).collect::<Vec<_>>(), "each entry exactly once");
	let _ = std::fs::remove_dir_all(dir);
}

/// Killed at arbitrary moments, again and again, `follow --state --out` leaves an output file
/// with every entry exactly once, each line whole.
#[test]
fn killed_at_any_moment_the_output_file_holds_each_entry_once() {
	let dir = temp_dir("kill-loop");
	let (state, out) = (dir.join("cursor.json"), dir.join("stream.jsonl"));
	let node = FakeNode::start(
		Chain::regular(0, 40, 3),
		Script { delay: Duration::from_millis(2), ..Default::default() },
	);
	let mut seed = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.expect("clock")
		.subsec_nanos() as u64;
	println!("seed {seed}");
	let args = ["follow", "0", "--state", path(&state), "--out", path(&out)];
	for _ in 0..10 {
		seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
		let mut child = spawn(&node.url, &args, Stdio::null(), &[]);
		std::thread::sleep(Duration::from_millis(20 + (seed >> 33) % 120));
		child.kill().expect("kill");
		child.wait().expect("wait");
	}
	let mut last = args.to_vec();
	last.extend(["--until", "120"]);
	let done = run(&node.url, &last);
	assert!(done.status.success(), "{}", stderr(&done));
	let text = std::fs::read_to_string(&out).expect("output");
	assert_eq!(indices(&text), (0..120).collect::<Vec<_>>());
	let _ = std::fs::remove_dir_all(dir);
}

/// The output file and the cursor belong together: another file, or a file cut short, is
/// refused and left as it was.
#[test]
fn an_output_file_the_cursor_does_not_account_for_is_refused() {
	let dir = temp_dir("out");
	let (state, out) = (dir.join("cursor.json"), dir.join("stream.jsonl"));
	let node = FakeNode::start(Chain::regular(0, 2, 2), Script::default());
	let args = ["follow", "0", "--state", path(&state), "--out", path(&out), "--until", "2"];
	assert!(run(&node.url, &args).status.success());
	let other = dir.join("other.jsonl");
	std::fs::write(&other, b"not mine\n").expect("write");
	let refused = run(
		&node.url,
		&["follow", "0", "--state", path(&state), "--out", path(&other), "--until", "4"],
	);
	assert_eq!(refused.status.code(), Some(1));
	assert!(stderr(&refused).contains("pass the same --out"), "{}", stderr(&refused));
	assert_eq!(std::fs::read(&other).expect("read"), b"not mine\n");
	std::fs::write(&out, b"").expect("cut");
	let refused = run(&node.url, &args);
	assert!(stderr(&refused).contains("cursor recorded"), "{}", stderr(&refused));
	let _ = std::fs::remove_dir_all(dir);
}

/// A released rollup's stream ends with a clear message and exit code 0 once every entry is
/// out; a node that ends it early is caught.
#[test]
fn a_released_rollups_stream_ends() {
	let node = FakeNode::start(
		Chain::regular(0, 2, 2).release(),
		Script { end: Some(End::default()), ..Default::default() },
	);
	let out = run(&node.url, &["follow", "0"]);
	assert!(out.status.success(), "{}", stderr(&out));
	assert!(stderr(&out).contains("was released in block 3"), "{}", stderr(&out));
	assert_eq!(indices(&String::from_utf8_lossy(&out.stdout)), vec![0, 1, 2, 3]);

	let node = FakeNode::start(
		Chain::regular(0, 2, 2).release(),
		Script { end: Some(End { next_index: Some(7), ..End::default() }), ..Default::default() },
	);
	let out = run(&node.url, &["follow", "0"]);
	assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// `verify` checks a recording against the chain, not against the commitments written in it:
/// a recording rewritten with other payloads and commitments to match fails.
#[test]
fn verify_trusts_nothing_the_recording_says() {
	let chain = Chain::regular(0, 3, 2);
	let node = FakeNode::start(chain.clone(), Script::default());
	let honest = chain.entries();
	let out = run_stdin(&node.url, &["verify", "0"], &lines(&honest));
	assert!(out.status.success(), "{}", stderr(&out));
	// A recording that starts mid-block is anchored on the chain.
	let out = run_stdin(&node.url, &["verify", "0"], &lines(&honest[3..]));
	assert!(out.status.success(), "{}", stderr(&out));

	// Two entries swapped, their indices rewritten to look consistent.
	let mut swapped = honest.clone();
	swapped.swap(0, 1);
	swapped[0].index = 0;
	swapped[1].index = 1;
	let out = run_stdin(&node.url, &["verify", "0"], &lines(&swapped));
	assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

	// Another chain's stream, self-consistent: its own commitments match its entries. The
	// forged entry's hash is not the chain's.
	let mut forged_chain = chain.clone();
	forged_chain.blocks[1][0] = b"forged".to_vec();
	let forged = forged_chain.entries();
	let out = run_stdin(&node.url, &["verify", "0"], &lines(&forged));
	assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
	assert!(stderr(&out).contains("entry 2 has hash"), "{}", stderr(&out));
}

/// A node's pages are checked: one that would keep the client paging for ever, or that skips
/// blocks by going on past the range, is refused with what it did, never followed.
#[test]
fn verify_refuses_pages_that_do_not_advance_or_leave_the_range() {
	let chain = Chain::regular(0, 3, 2);
	let honest = lines(&chain.entries());
	for (past_the_range, said) in [(false, "goes on at block 1"), (true, "goes on at block 4")] {
		let node = FakeNode::start(
			chain.clone(),
			Script { bad_pages: Some(past_the_range), ..Default::default() },
		);
		let out = run_env_stdin(&node.url, &["verify", "0"], &honest, Duration::from_secs(30));
		assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
		assert!(stderr(&out).contains(said), "{}", stderr(&out));
		assert!(stderr(&out).contains("the node is faulty"), "{}", stderr(&out));
	}
}

/// A node behind the recording is not a verdict on the recording: its answers stop at its
/// finalized head, which would make the rest look empty. The client says the node is behind
/// (exit 1) instead of calling an honest recording tampered with (exit 2).
#[test]
fn verify_against_a_node_behind_the_recording_says_so() {
	let longer = Chain::regular(0, 5, 2);
	let behind = FakeNode::start(Chain::regular(0, 3, 2), Script::default());
	let out = run_stdin(&behind.url, &["verify", "0"], &lines(&longer.entries()));
	assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
	assert!(stderr(&out).contains("finalized head is block 3"), "{}", stderr(&out));
}

/// The client started on `args` with `stdin` written to it.
fn spawn_stdin(url: &str, args: &[&str], stdin: &[u8]) -> Child {
	let mut child = Command::new(BIN)
		.args(["--url", url])
		.args(args)
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.expect("runs");
	child.stdin.take().expect("stdin").write_all(stdin).expect("stdin");
	child
}

/// [`run_stdin`] that fails the test if the client runs past `timeout`.
fn run_env_stdin(url: &str, args: &[&str], stdin: &[u8], timeout: Duration) -> Output {
	let mut child = spawn_stdin(url, args, stdin);
	let start = Instant::now();
	while child.try_wait().expect("wait").is_none() {
		assert!(start.elapsed() < timeout, "rollup-client {args:?} kept paging for {timeout:?}");
		std::thread::sleep(Duration::from_millis(20));
	}
	child.wait_with_output().expect("output")
}

fn run_stdin(url: &str, args: &[&str], stdin: &[u8]) -> Output {
	spawn_stdin(url, args, stdin).wait_with_output().expect("output")
}

/// On a live chain there is no default signer: nothing is signed or sent without a key.
#[test]
fn no_default_signer_on_a_live_chain() {
	let node = FakeNode::start(
		Chain::regular(0, 1, 1),
		Script { chain_type: "Live", ..Default::default() },
	);
	let out = run(&node.url, &["submit", "0", "/dev/null"]);
	assert_eq!(out.status.code(), Some(1));
	assert!(stderr(&out).contains("no signing key"), "{}", stderr(&out));
	assert!(node.submitted.lock().expect("not poisoned").is_empty(), "nothing was sent");
}

/// The key comes from a file or the environment; the transaction is mortal, born at the
/// finalized head.
#[test]
fn keys_from_a_file_or_the_environment_sign_mortal_transactions() {
	use sp_core::{crypto::Pair, sr25519};
	let chain = Chain::regular(0, 5, 1);
	let node = FakeNode::start(chain.clone(), Script { chain_type: "Live", ..Default::default() });
	let dir = temp_dir("keys");
	let key = dir.join("key");
	std::fs::write(&key, "//Bob\n").expect("key file");
	let signer_of = |n: usize| {
		let hex = node.submitted.lock().expect("not poisoned")[n].clone();
		let bytes = hex::decode(hex.trim_start_matches("0x")).expect("hex");
		let xt = seqchain_runtime::UncheckedExtrinsic::decode(&mut &bytes[..]).expect("decodes");
		let sp_runtime::generic::Preamble::Signed(address, _, ext) = xt.preamble else {
			panic!("a signed transaction")
		};
		(address, ext.4 .0)
	};
	let bob = sr25519::Pair::from_string("//Bob", None).expect("a dev key").public();
	let charlie = sr25519::Pair::from_string("//Charlie", None).expect("a dev key").public();
	let era = sp_runtime::generic::Era::mortal(
		rollup_client::node::MORTAL_PERIOD,
		chain.last_block().into(),
	);

	let out = run(&node.url, &["--suri-file", path(&key), "submit", "0", "/dev/null"]);
	assert!(
		stderr(&out).contains("transaction invalid"),
		"the stand-in refuses it: {}",
		stderr(&out)
	);
	let (address, mortality) = signer_of(0);
	assert_eq!(address, seqchain_runtime::AccountId::from(bob).into());
	assert_eq!(mortality, era, "mortal, born at the finalized head");

	let out = run_env(
		&node.url,
		&["submit", "0", "/dev/null"],
		&[("SEQCHAIN_SURI", "//Charlie")],
		Duration::from_secs(30),
	);
	assert!(stderr(&out).contains("transaction invalid"), "{}", stderr(&out));
	assert_eq!(signer_of(1).0, seqchain_runtime::AccountId::from(charlie).into());

	// An empty key file is refused before anything is sent.
	std::fs::write(&key, "\n").expect("key file");
	let out = run(&node.url, &["--suri-file", path(&key), "submit", "0", "/dev/null"]);
	assert_eq!(out.status.code(), Some(1));
	assert!(stderr(&out).contains("the file is empty"), "{}", stderr(&out));
	assert_eq!(node.submitted.lock().expect("not poisoned").len(), 2);
	let _ = std::fs::remove_dir_all(dir);
}

/// Entries as the JSON lines `follow` writes.
fn lines(entries: &[StreamEntry]) -> Vec<u8> {
	entries
		.iter()
		.map(|e| serde_json::to_string(e).expect("serializes") + "\n")
		.collect::<String>()
		.into()
}

/// A node that withholds a plain entry, sending it as `expired` without its payload (its hash,
/// and so every commitment, still match), gets nothing of its block through `follow`: a plain
/// entry, which names no committer, is never expired.
#[test]
fn follow_refuses_a_plain_entry_sent_as_expired() {
	let node =
		FakeNode::start(Chain::regular(0, 3, 2), Script { strip: Some(2), ..Default::default() });
	let out = run(&node.url, &["follow", "0", "--until", "6"]);
	assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
	assert_eq!(indices(&String::from_utf8_lossy(&out.stdout)), vec![0, 1], "block 2 held back");
}

/// `verify` checks each entry's kind against the chain: a recording whose payloads were
/// removed and the entries marked `expired` fails, whether or not it names a committer, and so
/// does one that marks a revealed entry expired or an expired one revealed.
#[test]
fn verify_refuses_entries_marked_expired_or_revealed_against_the_chain() {
	use seqchain_primitives::inbox::rpc::EntryStatus;
	// Plain entries but 1 (sealed, revealed in block 4) and 4 (sealed, expired in block 5).
	let chain = Chain::regular(0, 3, 2).seal(1, [7; 32], 4, true).seal(4, [7; 32], 5, false);
	let node = FakeNode::start(chain.clone(), Script::default());
	let honest = chain.entries();
	assert_eq!(honest[1].status, EntryStatus::Revealed);
	assert_eq!(honest[4].status, EntryStatus::Expired);
	let out = run_stdin(&node.url, &["verify", "0"], &lines(&honest));
	assert!(out.status.success(), "{}", stderr(&out));
	let followed = run(&node.url, &["follow", "0", "--until", "6"]);
	assert!(followed.status.success(), "{}", stderr(&followed));
	assert_eq!(followed.stdout, lines(&honest), "follow writes what the chain has");

	let expire = |e: &mut StreamEntry| {
		e.status = EntryStatus::Expired;
		e.payload = None;
		e.salt = None;
	};
	let mut attacks: Vec<(&str, Vec<StreamEntry>)> = Vec::new();
	let mut stripped = honest.clone();
	for i in [0, 2, 3, 5] {
		expire(&mut stripped[i]);
	}
	attacks.push(("plain payloads removed, marked expired", stripped.clone()));
	for i in [0, 2, 3, 5] {
		stripped[i].committer = Some([9; 32]);
	}
	attacks.push(("the same, naming a committer", stripped));
	let mut withheld = honest.clone();
	expire(&mut withheld[1]);
	attacks.push(("a revealed entry marked expired", withheld));
	// The committer knows the payload and salt it never revealed.
	let mut claimed = honest.clone();
	claimed[4].status = EntryStatus::Revealed;
	claimed[4].payload = Some(chain.blocks[2][0].clone());
	claimed[4].salt = Some(chain.sealed[&4].salt);
	attacks.push(("an expired entry marked revealed", claimed));
	let mut other = honest.clone();
	other[4].committer = Some([9; 32]);
	attacks.push(("an expired entry of another committer", other));
	let passed: Vec<String> = attacks
		.iter()
		.filter_map(|(what, recording)| {
			let out = run_stdin(&node.url, &["verify", "0"], &lines(recording));
			(out.status.code() != Some(2)).then(|| {
				format!("{what}: {}", stderr(&out) + &String::from_utf8_lossy(&out.stdout))
			})
		})
		.collect();
	assert!(passed.is_empty(), "not refused:\n{}", passed.join("\n"));
}

/// A node cannot end a stream early, nor end one that did not end: the end must carry the
/// cursor's length and commitment, and the chain's state must show the release.
#[test]
fn a_node_cannot_end_a_stream_that_did_not_end() {
	let chain = Chain::regular(0, 3, 2).release();
	// The same chain up to block 4, in which nothing released the rollup.
	let mut not_released = Chain::regular(0, 3, 2);
	not_released.blocks.push(Vec::new());
	let cases = [
		(
			"cut after block 1, without a commitment",
			"without its final commitment",
			chain.clone(),
			End { after: Some(2), next_index: Some(2), commitment: Some(None), ..End::default() },
		),
		(
			"cut after block 1, with the commitment over what was sent",
			"before block 4 the chain's stream had 6 entries",
			chain.clone(),
			End {
				after: Some(2),
				next_index: Some(2),
				commitment: Some(Some(chain.state_after(1).1)),
				..End::default()
			},
		),
		(
			"a rollup that was not released",
			"still registered after that block",
			not_released,
			End::default(),
		),
	];
	for (what, why, chain, end) in cases {
		let node = FakeNode::start(chain, Script { end: Some(end), ..Default::default() });
		let out = run(&node.url, &["follow", "0"]);
		assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr(&out));
		assert!(stderr(&out).contains(why), "{what}: {}", stderr(&out));
	}
}

/// A client that dies during its very first block, after writing the block to `--out` but
/// before saving a cursor (here: the cursor's directory does not exist yet, so saving it
/// fails), is resumed by the next run, which writes every entry exactly once.
#[test]
fn a_crash_in_the_first_block_leaves_a_resumable_output_file() {
	let dir = temp_dir("first-block");
	let (state, out) = (dir.join("later").join("cursor.json"), dir.join("stream.jsonl"));
	let node = FakeNode::start(Chain::regular(0, 2, 3), Script::default());
	let args = ["follow", "0", "--state", path(&state), "--out", path(&out), "--until", "6"];
	let first = run(&node.url, &args);
	assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
	std::fs::create_dir(dir.join("later")).expect("the cursor's directory");
	let second = run(&node.url, &args);
	assert!(second.status.success(), "{}", stderr(&second));
	assert_eq!(
		indices(&std::fs::read_to_string(&out).expect("output")),
		(0..6).collect::<Vec<_>>()
	);

	// A mid-stream start saves its cursor before it is anchored, and resumes from it.
	let (state, out) = (dir.join("mid.json"), dir.join("mid.jsonl"));
	let args = ["follow", "0", "--state", path(&state), "--out", path(&out), "--until"];
	let first = run(&node.url, &[&args[..], &["3", "--from", "3"]].concat());
	assert!(first.status.success(), "{}", stderr(&first));
	// No --from: the cursor says where to start.
	let second = run(&node.url, &[&args[..], &["6"]].concat());
	assert!(second.status.success(), "{}", stderr(&second));
	assert_eq!(indices(&std::fs::read_to_string(&out).expect("output")), vec![3, 4, 5]);
	let _ = std::fs::remove_dir_all(dir);
}

/// `--suri` is warned about exactly where the guide says: on a chain whose spec is neither
/// `Development` nor `Local`.
#[test]
fn suri_on_the_command_line_is_warned_about_off_development_chains() {
	for (chain_type, warns) in [("Live", true), ("Local", false), ("Development", false)] {
		let node =
			FakeNode::start(Chain::regular(0, 1, 1), Script { chain_type, ..Default::default() });
		let out = run(&node.url, &["--suri", "//Bob", "submit", "0", "/dev/null"]);
		assert_eq!(
			stderr(&out).contains("warning: --suri is visible"),
			warns,
			"{chain_type}: {}",
			stderr(&out)
		);
	}
}
