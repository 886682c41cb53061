//! End to end, the inbox read path under the failures that used to make it hang, leak or stop
//! pruning: a resuming reader whose cursor names a block after the one of its next entry, a
//! reader of a rollup that does not exist, and a subscriber that never reads while the chain
//! carries megabytes for it, on a node that prunes state. And `rollup-client` transactions are
//! mortal.

mod common;

use std::{
	io::{Read, Write},
	net::TcpStream,
	os::fd::AsRawFd,
	process::{Command, Output, Stdio},
	time::{Duration, Instant},
};

use codec::Decode;
use common::{ok, Node};
use seqchain_primitives::inbox::{fold, genesis_commitment, payload_hash};

/// Runs `rollup-client` against `node` as Alice; a client still running after `timeout` hung,
/// which fails the test.
fn client(node: &Node, args: &[&str], stdin: &[u8], timeout: Duration) -> Output {
	let mut child = Command::new(common::rollup_client_bin())
		.args(["--url", &format!("ws://127.0.0.1:{}", node.rpc_port), "--suri", "//Alice"])
		.args(args)
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.expect("rollup-client runs");
	child.stdin.take().expect("stdin").write_all(stdin).expect("stdin");
	let start = Instant::now();
	while child.try_wait().expect("wait").is_none() {
		if start.elapsed() > timeout {
			child.kill().expect("kill");
			let out = child.wait_with_output().expect("output");
			panic!(
				"rollup-client {args:?} hung for {timeout:?}:\n{}",
				String::from_utf8_lossy(&out.stderr)
			);
		}
		std::thread::sleep(Duration::from_millis(50));
	}
	child.wait_with_output().expect("output")
}

fn block_hash(node: &Node, number: u64) -> String {
	node.rpc("chain_getBlockHash", serde_json::json!([number]))
		.expect("chain_getBlockHash")
		.as_str()
		.expect("a hash")
		.to_string()
}

/// Opens a WebSocket connection to the node, subscribes to `rollup`'s finalized stream from
/// `start_at`, and returns the connection, which the caller never reads from again.
fn subscribe_and_never_read(node: &Node, rollup: u32, start_at: u64) -> TcpStream {
	let mut ws = TcpStream::connect(("127.0.0.1", node.rpc_port)).expect("connect");
	// A small receive window, so that what the node sends piles up on the node's side.
	let size: libc::c_int = 4096;
	// SAFETY: a valid socket and a pointer to a live `c_int` of the given length.
	unsafe {
		libc::setsockopt(
			ws.as_raw_fd(),
			libc::SOL_SOCKET,
			libc::SO_RCVBUF,
			&size as *const _ as *const libc::c_void,
			std::mem::size_of::<libc::c_int>() as libc::socklen_t,
		);
	}
	write!(
		ws,
		"GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
		 Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
		node.rpc_port
	)
	.expect("handshake");
	let mut head = Vec::new();
	let mut byte = [0u8];
	while !head.ends_with(b"\r\n\r\n") {
		ws.read_exact(&mut byte).expect("handshake answer");
		head.push(byte[0]);
	}
	assert!(head.starts_with(b"HTTP/1.1 101"), "{}", String::from_utf8_lossy(&head));
	let request = serde_json::json!({
		"jsonrpc": "2.0", "id": 1, "method": "inbox_subscribeFinalized", "params": [rollup, start_at],
	})
	.to_string();
	// One masked text frame, as a client must send.
	let mask = [1u8, 2, 3, 4];
	let mut frame = vec![0x81u8];
	let len = request.len();
	assert!(len < 126, "a short frame");
	frame.push(0x80 | len as u8);
	frame.extend(mask);
	frame.extend(request.bytes().enumerate().map(|(i, b)| b ^ mask[i % 4]));
	ws.write_all(&frame).expect("subscribe");
	ws
}

#[test]
fn the_read_path_refuses_what_would_hang_and_a_reader_that_never_reads_stops_no_pruning() {
	let mut node = Node::start(
		"read-path",
		&[
			"--dev",
			"--tmp",
			"--state-pruning",
			"16",
			// Few messages queued per connection: the subscriber below fills them sooner.
			"--rpc-message-buffer-capacity-per-connection",
			"8",
			// Two subscriptions at once: the stuck subscribers below take both.
			"--inbox-max-subscriptions",
			"2",
		],
	);
	node.wait_for("block 1", Duration::from_secs(120), |b, _| b >= 1);
	let minute = Duration::from_secs(60);
	let rollup = ok(
		client(
			&node,
			&["register", "reads", "--max-payload-bytes", "1048576", "--max-per-block", "1024"],
			b"",
			minute,
		),
		"register",
	);
	let rollup = rollup.trim();

	// Three entries in three blocks.
	let mut blocks = Vec::new();
	for payload in ["e0", "e1", "e2"] {
		let out = ok(
			client(&node, &["submit", rollup, "--finalized"], payload.as_bytes(), minute),
			"submit",
		);
		blocks.push(out.trim().parse::<u64>().expect("a block number"));
	}
	assert!(blocks[0] < blocks[1] && blocks[1] < blocks[2], "{blocks:?}");

	// The client's transactions are mortal.
	let block = node
		.rpc("chain_getBlock", serde_json::json!([block_hash(&node, blocks[0])]))
		.expect("chain_getBlock");
	let mortal = block["block"]["extrinsics"]
		.as_array()
		.expect("extrinsics")
		.iter()
		.filter_map(|x| {
			let hex = x.as_str()?.trim_start_matches("0x");
			let bytes: Vec<u8> = (0..hex.len())
				.step_by(2)
				.map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
				.collect();
			let xt = seqchain_runtime::UncheckedExtrinsic::decode(&mut &bytes[..]).ok()?;
			match xt.preamble {
				sp_runtime::generic::Preamble::Signed(_, _, ext) => Some(!ext.4 .0.is_immortal()),
				_ => None,
			}
		})
		.collect::<Vec<_>>();
	assert_eq!(mortal, vec![true], "one signed transaction, mortal");

	// A cursor after entry 0 that names block of entry 2 as the block to resume from: the
	// node would never see entry 1. It used to wait for ever, keeping every later entry.
	let dir = std::env::temp_dir().join(format!("seqchain-read-path-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("temp dir");
	let cursor = dir.join("cursor.json");
	let id: u32 = rollup.parse().expect("a rollup id");
	let after_0 = fold(genesis_commitment(id), 0, &[payload_hash(b"e0")]);
	std::fs::write(
		&cursor,
		serde_json::json!({
			"rollup": id, "nextIndex": 1, "block": blocks[2],
			"commitment": format!("0x{}", after_0.iter().map(|b| format!("{b:02x}")).collect::<String>()),
		})
		.to_string(),
	)
	.expect("cursor");
	let wrong = client(
		&node,
		&[
			"follow",
			"--trust-node",
			rollup,
			"--state",
			cursor.to_str().expect("utf-8"),
			"--until",
			"3",
		],
		b"",
		minute,
	);
	assert_eq!(wrong.status.code(), Some(1), "{}", String::from_utf8_lossy(&wrong.stderr));
	let stderr = String::from_utf8_lossy(&wrong.stderr);
	assert!(stderr.contains("is after the block that assigned entry 1"), "{stderr}");
	assert!(wrong.stdout.is_empty());

	// A rollup that does not exist: an error at once, not a stream that never comes.
	let unknown = client(&node, &["follow", "--trust-node", "99", "--until", "1"], b"", minute);
	assert_eq!(unknown.status.code(), Some(1));
	let stderr = String::from_utf8_lossy(&unknown.stderr);
	assert!(stderr.contains("rollup 99 is not registered"), "{stderr}");

	// A cursor whose block is beyond the node's best block: refused, not waited for.
	std::fs::write(
		&cursor,
		serde_json::json!({
			"rollup": id, "nextIndex": 1, "block": 1_000_000,
			"commitment": format!("0x{}", after_0.iter().map(|b| format!("{b:02x}")).collect::<String>()),
		})
		.to_string(),
	)
	.expect("cursor");
	let future = client(
		&node,
		&[
			"follow",
			"--trust-node",
			rollup,
			"--state",
			cursor.to_str().expect("utf-8"),
			"--until",
			"3",
		],
		b"",
		minute,
	);
	assert_eq!(future.status.code(), Some(1), "{}", String::from_utf8_lossy(&future.stderr));
	let stderr = String::from_utf8_lossy(&future.stderr);
	assert!(stderr.contains("fromBlock 1000000 is after this node's best block"), "{stderr}");

	// A subscriber that never reads, while the chain carries 8 MiB for it.
	let _stuck = subscribe_and_never_read(&node, id, 0);
	let batch: Vec<u8> = (0..16)
		.flat_map(|i| vec![b'a' + i as u8; 64 * 1024 - 1].into_iter().chain([b'\n']))
		.collect();
	for _ in 0..8 {
		ok(client(&node, &["submit", rollup, "--lines"], &batch, minute), "submit 1 MiB");
	}
	let (_, stuck_from) = node.heights().expect("heights");
	let watched = block_hash(&node, stuck_from);
	// Well past the pruning window (16 blocks).
	node.wait_for("40 more finalized blocks", Duration::from_secs(240), |_, f| {
		f >= stuck_from + 40
	});
	let key = format!(
		"0x{}",
		[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Number")]
			.concat()
			.iter()
			.map(|b| format!("{b:02x}"))
			.collect::<String>()
	);
	let state = node.rpc("state_getStorage", serde_json::json!([key, watched]));
	assert!(
		state.is_err(),
		"the state of block {stuck_from}, finalized while a subscriber did not read, is still \
		 there 40 blocks later: {state:?}"
	);
	// The node is fine and serves everyone else.
	let info = node.rpc("inbox_rollup", serde_json::json!([id, null])).expect("inbox_rollup");
	assert_eq!(info["nextIndex"], 3 + 8 * 16);
	// A reader can still follow (from a recent entry: the first ones are pruned here): the
	// stuck subscriber holds one of the two places.
	ok(client(&node, &["submit", rollup, "--finalized"], b"e131", minute), "submit");
	let from_131 = ["follow", "--trust-node", rollup, "--from", "131", "--until", "132"];
	let read = ok(client(&node, &from_131, b"", minute), "follow");
	assert_eq!(read.lines().count(), 1, "{read}");
	// With two more stuck subscribers (waiting for an entry not submitted yet, so never
	// dropped as too slow: nothing waits for them) both places are taken, whether or not the
	// first was dropped for not taking what waited for it (4005, once the sockets' buffers are
	// full): one more is refused at once, with the reason, instead of one more thread reading
	// blocks.
	let _stuck_too = subscribe_and_never_read(&node, id, 132);
	let _stuck_three = subscribe_and_never_read(&node, id, 132);
	std::thread::sleep(Duration::from_secs(2));
	let busy = client(&node, &from_131, b"", minute);
	assert_eq!(busy.status.code(), Some(1), "{}", String::from_utf8_lossy(&busy.stderr));
	let stderr = String::from_utf8_lossy(&busy.stderr);
	assert!(stderr.contains("inbox subscriptions at once, all taken"), "{stderr}");
	let _ = std::fs::remove_dir_all(dir);
	node.stop();
}
