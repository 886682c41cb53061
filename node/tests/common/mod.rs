//! Helpers for the node's end-to-end tests: start the built binary, talk JSON-RPC over HTTP,
//! stop it, and show its log when something goes wrong.

#![allow(dead_code)]

pub mod network;
pub mod proxy;

use std::{
	fs::File,
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	path::{Path, PathBuf},
	process::{Child, Command, Output, Stdio},
	time::{Duration, Instant},
};

/// The node binary cargo built for these tests.
pub fn node_bin() -> PathBuf {
	PathBuf::from(env!("CARGO_BIN_EXE_seqchain-node"))
}

/// Runs the node with `args` to completion and returns its output.
pub fn run(args: &[&str]) -> Output {
	Command::new(node_bin()).args(args).output().expect("the node binary runs")
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// A JSON-RPC call over HTTP to the node whose RPC server listens on `port`; `Err` if it does
/// not answer or answers with an error.
pub fn rpc_call(
	port: u16,
	method: &str,
	params: serde_json::Value,
) -> Result<serde_json::Value, String> {
	let body = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
		.to_string();
	let response = http(
		port,
		&format!(
			"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
			 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
			body.len()
		),
	)?;
	let value: serde_json::Value =
		serde_json::from_str(&response).map_err(|e| format!("{e}: {response}"))?;
	match value.get("result") {
		Some(result) => Ok(result.clone()),
		None => Err(format!("{method} failed: {value}")),
	}
}

/// Number of the block `hash` (the best block if `None`) on the node whose RPC is on `port`.
pub fn header_number(port: u16, hash: Option<&str>) -> Result<u64, String> {
	let params = match hash {
		Some(h) => serde_json::json!([h]),
		None => serde_json::json!([]),
	};
	let header = rpc_call(port, "chain_getHeader", params)?;
	let number = header["number"].as_str().ok_or("header without number")?;
	u64::from_str_radix(number.trim_start_matches("0x"), 16).map_err(|e| e.to_string())
}

/// Best and finalized block numbers of the node whose RPC is on `port`. The finalized head is
/// read first, so the best block read after it is never behind it.
pub fn heights(port: u16) -> Result<(u64, u64), String> {
	let finalized = rpc_call(port, "chain_getFinalizedHead", serde_json::json!([]))?;
	let finalized = header_number(port, Some(finalized.as_str().ok_or("hash")?))?;
	Ok((header_number(port, None)?, finalized))
}

/// The body of `GET path` from the HTTP server on `port` (the Prometheus exporter).
pub fn http_get(port: u16, path: &str) -> Result<String, String> {
	http(
		port,
		&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
	)
}

fn http(port: u16, request: &str) -> Result<String, String> {
	let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
	stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
	stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
	let mut response = String::new();
	stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
	let (head, body) = response.split_once("\r\n\r\n").ok_or("no HTTP body")?;
	if !head.starts_with("HTTP/1.1 200") {
		return Err(format!("HTTP error: {}", head.lines().next().unwrap_or_default()));
	}
	Ok(body.to_string())
}

/// The `rollup-client` binary `cargo test --workspace` built beside the node.
pub fn rollup_client_bin() -> PathBuf {
	let bin = node_bin().with_file_name("rollup-client");
	assert!(bin.exists(), "{} is built by `cargo test --workspace`", bin.display());
	bin
}

/// Runs `rollup-client` against the node whose RPC server listens on `rpc_port`, as `suri`,
/// feeding it `stdin`.
pub fn rollup_client(rpc_port: u16, suri: &str, args: &[&str], stdin: &[u8]) -> Output {
	let mut child = Command::new(rollup_client_bin())
		.args(["--url", &format!("ws://127.0.0.1:{rpc_port}"), "--suri", suri])
		.args(args)
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.expect("rollup-client runs");
	child.stdin.take().expect("stdin").write_all(stdin).expect("write stdin");
	child.wait_with_output().expect("rollup-client finishes")
}

/// Writes the raw chain spec of `chain` (`export-chain-spec --raw`) to `path`: what
/// `rollup-client follow --chain-spec` verifies the chain from.
pub fn raw_spec(chain: &str, path: &Path) {
	let out = run(&["export-chain-spec", "--chain", chain, "--raw"]);
	assert!(out.status.success(), "export-chain-spec: {}", String::from_utf8_lossy(&out.stderr));
	std::fs::write(path, &out.stdout).expect("write the chain spec");
}

/// The standard output of a command that must have succeeded.
pub fn ok(out: Output, what: &str) -> String {
	assert!(
		out.status.success(),
		"{what} failed: {}\n{}",
		String::from_utf8_lossy(&out.stderr),
		String::from_utf8_lossy(&out.stdout)
	);
	String::from_utf8(out.stdout).expect("utf-8 output")
}

/// A running node. Dropping it kills the process; if the test is failing, its log is printed.
pub struct Node {
	child: Option<Child>,
	pub rpc_port: u16,
	log: PathBuf,
	_dir: tempfile_dir::TempDir,
}

mod tempfile_dir {
	use std::path::{Path, PathBuf};

	/// A directory removed on drop (std has no temp-dir type; this is all the tests need).
	pub struct TempDir(PathBuf);

	impl TempDir {
		pub fn new(tag: &str) -> Self {
			let nanos = std::time::SystemTime::now()
				.duration_since(std::time::UNIX_EPOCH)
				.expect("clock after 1970")
				.as_nanos();
			let dir =
				std::env::temp_dir().join(format!("seqchain-{tag}-{}-{nanos}", std::process::id()));
			std::fs::create_dir_all(&dir).expect("create temp dir");
			Self(dir)
		}

		pub fn path(&self) -> &Path {
			&self.0
		}
	}

	impl Drop for TempDir {
		fn drop(&mut self) {
			let _ = std::fs::remove_dir_all(&self.0);
		}
	}
}

impl Node {
	/// Starts `seqchain-node` with `args` plus free RPC, p2p and Prometheus ports.
	pub fn start(tag: &str, args: &[&str]) -> Node {
		let dir = tempfile_dir::TempDir::new(tag);
		let log = dir.path().join("node.log");
		let rpc_port = free_port();
		let file = File::create(&log).expect("create log");
		let child = Command::new(node_bin())
			.args(args)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--port", &free_port().to_string()])
			.args(["--prometheus-port", &free_port().to_string()])
			.arg("--no-mdns")
			.stdout(file.try_clone().expect("clone log handle"))
			.stderr(file)
			.stdin(Stdio::null())
			.spawn()
			.expect("the node binary starts");
		Node { child: Some(child), rpc_port, log, _dir: dir }
	}

	/// The node's log so far.
	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}

	/// A JSON-RPC call; `Err` if the node does not answer or answers with an error.
	pub fn rpc(
		&self,
		method: &str,
		params: serde_json::Value,
	) -> Result<serde_json::Value, String> {
		rpc_call(self.rpc_port, method, params)
	}

	/// Block number of a header returned by `chain_getHeader`.
	pub fn header_number(&self, hash: Option<&str>) -> Result<u64, String> {
		header_number(self.rpc_port, hash)
	}

	/// Best and finalized block numbers.
	pub fn heights(&self) -> Result<(u64, u64), String> {
		heights(self.rpc_port)
	}

	/// Waits until `done(best, finalized)` holds; panics with the node's log after `timeout`
	/// or if the node exits.
	pub fn wait_for(
		&mut self,
		what: &str,
		timeout: Duration,
		done: impl Fn(u64, u64) -> bool,
	) -> (u64, u64) {
		let start = Instant::now();
		let mut last = Err("no answer yet".to_string());
		while start.elapsed() < timeout {
			if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
				panic!(
					"the node exited ({status}) while waiting for {what}; its log:\n{}",
					self.log()
				);
			}
			last = self.heights();
			if let Ok((best, finalized)) = last {
				if done(best, finalized) {
					return (best, finalized);
				}
			}
			std::thread::sleep(Duration::from_millis(250));
		}
		panic!(
			"timed out after {timeout:?} waiting for {what} (last answer: {last:?}); the node's log:\n{}",
			self.log()
		);
	}

	/// Stops the node with SIGINT, as Ctrl-C would, and waits for a clean exit.
	pub fn stop(&mut self) {
		let mut child = self.child.take().expect("the node is running");
		let status = Command::new("kill")
			.args(["-INT", &child.id().to_string()])
			.status()
			.expect("kill runs");
		assert!(status.success(), "could not signal the node");
		let start = Instant::now();
		loop {
			if let Some(status) = child.try_wait().expect("wait") {
				assert!(
					status.success(),
					"the node did not exit cleanly ({status}); its log:\n{}",
					self.log()
				);
				return;
			}
			if start.elapsed() > Duration::from_secs(60) {
				let _ = child.kill();
				panic!("the node did not stop within 60 s of SIGINT; its log:\n{}", self.log());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
			if std::thread::panicking() {
				eprintln!("--- node log ---\n{}", self.log());
			}
		}
	}
}
