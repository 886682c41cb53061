//! A network of `seqchain-node` processes on this machine, described by a network definition in
//! `zombienet/` (zombienet's TOML format, native provider).
//!
//! Each node gets its own base path (kept across a restart, so a restarted node resumes from its
//! database with its keys and network identity) with a network key made by the node's
//! `key generate-node-key`, loopback RPC, p2p and Prometheus ports, and the
//! first node as its bootnode. Logs go to `logs/network/<test>/<node>.log` in the repository and
//! stay there after the test; the databases are removed. Every process is stopped when the
//! [`Network`] is dropped, which happens on failure too, and the kernel kills a node whose test
//! thread dies without dropping it (`PR_SET_PDEATHSIG`).
//!
//! Chain state is read through the nodes' RPC: storage by key (`state_getStorage`), runtime APIs
//! (`state_call`), headers; the test asserts on those, not on log lines.

use super::{free_port, http_get, node_bin, rpc_call};
use sp_runtime::codec::Decode;
use std::{
	fs::OpenOptions,
	io::Write,
	os::unix::process::CommandExt,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// One node of a definition.
#[derive(Clone, Debug)]
pub struct NodeSpec {
	pub name: String,
	/// The binary, when not the relaychain's `default_command`: `seqchain-node-censoring`, the
	/// test-only censoring build (`scripts/censorship.sh` builds it beside the node).
	pub command: Option<String>,
	pub args: Vec<String>,
}

/// The binary a definition's `command` names: this project's node, or its test-only censoring
/// build, which `cargo test` does not build (`scripts/censorship.sh` does).
pub fn command_bin(command: Option<&str>) -> PathBuf {
	match command {
		None | Some("seqchain-node") => node_bin(),
		Some(name @ "seqchain-node-censoring") => {
			let bin = node_bin().with_file_name(name);
			assert!(
				bin.exists(),
				"{} is missing: build it with `cargo build --release -p seqchain-node --features \
				 censorship-test --bin {name}` (scripts/censorship.sh does)",
				bin.display()
			);
			bin
		},
		Some(other) => panic!("the harness runs this project's node, not {other}"),
	}
}

/// The part of a zombienet network definition the harness runs: the chain, the arguments every
/// node gets, and the nodes with their own arguments.
#[derive(Clone, Debug)]
pub struct Definition {
	pub chain: String,
	pub default_args: Vec<String>,
	pub nodes: Vec<NodeSpec>,
}

fn repo_root() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the node is in the workspace").into()
}

fn strings(value: Option<&toml::Value>, what: &str) -> Vec<String> {
	value
		.map(|v| {
			v.as_array()
				.unwrap_or_else(|| panic!("{what} is not an array"))
				.iter()
				.map(|a| a.as_str().unwrap_or_else(|| panic!("{what}: {a} is not a string")).into())
				.collect()
		})
		.unwrap_or_default()
}

impl Definition {
	/// Reads `zombienet/<file>`. Only what the harness can honour is accepted: the native
	/// provider and this project's node.
	pub fn load(file: &str) -> Definition {
		let path = repo_root().join("zombienet").join(file);
		let text =
			std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
		let doc: toml::Value =
			toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
		let provider = doc.get("settings").and_then(|s| s.get("provider")).and_then(|p| p.as_str());
		assert_eq!(
			provider,
			Some("native"),
			"{}: the harness runs local processes",
			path.display()
		);
		let relay = doc.get("relaychain").expect("a [relaychain] section");
		assert_eq!(
			relay.get("default_command").and_then(|c| c.as_str()),
			Some("seqchain-node"),
			"{}: the harness runs this project's node",
			path.display()
		);
		let chain = relay.get("chain").and_then(|c| c.as_str()).expect("relaychain.chain").into();
		let default_args = strings(relay.get("default_args"), "relaychain.default_args");
		let nodes: Vec<NodeSpec> = relay
			.get("nodes")
			.and_then(|n| n.as_array())
			.expect("[[relaychain.nodes]]")
			.iter()
			.map(|n| NodeSpec {
				name: n.get("name").and_then(|v| v.as_str()).expect("node name").into(),
				command: n.get("command").and_then(|v| v.as_str()).map(Into::into),
				args: strings(n.get("args"), "node args"),
			})
			.collect();
		assert!(!nodes.is_empty(), "{}: no nodes", path.display());
		Definition { chain, default_args, nodes }
	}
}

/// A node process of a [`Network`].
pub struct NetNode {
	pub name: String,
	bin: PathBuf,
	args: Vec<String>,
	base_path: PathBuf,
	pub log: PathBuf,
	pub rpc_port: u16,
	p2p_port: u16,
	pub prometheus_port: u16,
	child: Option<Child>,
}

impl NetNode {
	/// A JSON-RPC call to this node.
	pub fn rpc(
		&self,
		method: &str,
		params: serde_json::Value,
	) -> Result<serde_json::Value, String> {
		rpc_call(self.rpc_port, method, params)
	}

	pub fn is_running(&mut self) -> bool {
		self.child.as_mut().is_some_and(|c| matches!(c.try_wait(), Ok(None)))
	}

	/// Best and finalized block numbers.
	pub fn heights(&self) -> Result<(u64, u64), String> {
		super::heights(self.rpc_port)
	}

	pub fn finalized_hash(&self) -> Result<String, String> {
		let hash = self.rpc("chain_getFinalizedHead", serde_json::json!([]))?;
		hash.as_str().map(str::to_owned).ok_or_else(|| format!("not a hash: {hash}"))
	}

	/// Hash of block `number` on this node's best chain.
	pub fn block_hash(&self, number: u64) -> Result<Option<String>, String> {
		let hash = self.rpc("chain_getBlockHash", serde_json::json!([number]))?;
		Ok(hash.as_str().map(str::to_owned))
	}

	/// The raw value under `key` at block `at` (the best block if `None`).
	pub fn storage(&self, key: &[u8], at: Option<&str>) -> Result<Option<Vec<u8>>, String> {
		let value = self.rpc("state_getStorage", serde_json::json!([hex(key), at]))?;
		value.as_str().map(unhex).transpose()
	}

	/// The decoded value under `key`, or `T`'s default when the key is empty (`ValueQuery`).
	pub fn storage_decoded<T: Decode + Default>(
		&self,
		key: &[u8],
		at: Option<&str>,
	) -> Result<T, String> {
		match self.storage(key, at)? {
			Some(bytes) => T::decode(&mut &bytes[..]).map_err(|e| format!("decode: {e}")),
			None => Ok(T::default()),
		}
	}

	/// A runtime API call at block `at`, decoded.
	pub fn runtime_call<T: Decode>(
		&self,
		method: &str,
		args: &[u8],
		at: Option<&str>,
	) -> Result<T, String> {
		let value = self.rpc("state_call", serde_json::json!([method, hex(args), at]))?;
		let bytes = unhex(value.as_str().ok_or("state_call: not hex")?)?;
		T::decode(&mut &bytes[..]).map_err(|e| format!("decode {method}: {e}"))
	}

	/// A Prometheus metric's value from the node's exporter: the first sample whose name and
	/// labels start with `selector` (e.g. `substrate_block_height{status="finalized"`).
	pub fn metric(&self, selector: &str) -> Result<f64, String> {
		let text = http_get(self.prometheus_port, "/metrics")?;
		text.lines()
			.filter(|l| !l.starts_with('#'))
			.find(|l| l.starts_with(selector))
			.and_then(|l| l.rsplit(' ').next())
			.ok_or_else(|| format!("no sample {selector}"))?
			.parse()
			.map_err(|e| format!("{selector}: {e}"))
	}

	/// The node's log so far.
	pub fn log_text(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}
}

/// Storage key of a plain storage value.
pub fn value_key(pallet: &str, item: &str) -> Vec<u8> {
	[sp_io::hashing::twox_128(pallet.as_bytes()), sp_io::hashing::twox_128(item.as_bytes())]
		.concat()
}

/// Storage key of a map entry whose hasher is `Twox64Concat`.
pub fn twox64_concat_key(pallet: &str, item: &str, encoded_key: &[u8]) -> Vec<u8> {
	let mut key = value_key(pallet, item);
	key.extend(sp_io::hashing::twox_64(encoded_key));
	key.extend(encoded_key);
	key
}

/// Storage key of a double-map entry hashed `Twox64Concat`, then `Blake2_128Concat`.
pub fn twox64_blake2_128_concat_key(
	pallet: &str,
	item: &str,
	first: &[u8],
	second: &[u8],
) -> Vec<u8> {
	let mut key = twox64_concat_key(pallet, item, first);
	key.extend(sp_io::hashing::blake2_128(second));
	key.extend(second);
	key
}

pub fn hex(bytes: &[u8]) -> String {
	format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

fn unhex(s: &str) -> Result<Vec<u8>, String> {
	let s = s.trim_start_matches("0x");
	(0..s.len())
		.step_by(2)
		.map(|i| {
			u8::from_str_radix(s.get(i..i + 2).ok_or("odd hex")?, 16).map_err(|e| e.to_string())
		})
		.collect()
}

/// A running network.
pub struct Network {
	pub nodes: Vec<NetNode>,
	chain: String,
	default_args: Vec<String>,
	bootnode: Option<String>,
	logs: PathBuf,
	data: PathBuf,
	/// When the first node was started.
	pub started: Instant,
}

impl Network {
	/// Starts every node of `zombienet/<definition>`, the first one first (the others' bootnode),
	/// and waits until each answers RPC. Logs go to `logs/network/<test>/`.
	pub fn start(definition: &str, test: &str) -> Network {
		let def = Definition::load(definition);
		let logs = repo_root().join("logs").join("network").join(test);
		let _ = std::fs::remove_dir_all(&logs);
		std::fs::create_dir_all(&logs).expect("create the log directory");
		let nanos = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.expect("clock after 1970")
			.as_nanos();
		let data = std::env::temp_dir()
			.join(format!("seqchain-network-{test}-{}-{nanos}", std::process::id()));
		let mut network = Network {
			nodes: Vec::new(),
			chain: def.chain,
			default_args: def.default_args,
			bootnode: None,
			logs,
			data,
			started: Instant::now(),
		};
		for spec in def.nodes {
			let node = NetNode {
				bin: command_bin(spec.command.as_deref()),
				base_path: network.data.join(&spec.name),
				log: network.logs.join(format!("{}.log", spec.name)),
				name: spec.name,
				args: spec.args,
				rpc_port: 0,
				p2p_port: 0,
				prometheus_port: 0,
				child: None,
			};
			network.nodes.push(node);
			let i = network.nodes.len() - 1;
			network.spawn(i);
			if i == 0 {
				let peer_id = network.nodes[0]
					.rpc("system_localPeerId", serde_json::json!([]))
					.expect("system_localPeerId");
				network.bootnode = Some(format!(
					"/ip4/127.0.0.1/tcp/{}/p2p/{}",
					network.nodes[0].p2p_port,
					peer_id.as_str().expect("a peer id")
				));
			}
		}
		network
	}

	/// The index of the node called `name`.
	pub fn index(&self, name: &str) -> usize {
		self.nodes.iter().position(|n| n.name == name).unwrap_or_else(|| panic!("no node {name}"))
	}

	pub fn node(&self, name: &str) -> &NetNode {
		&self.nodes[self.index(name)]
	}

	/// Starts node `i` (again, after [`Network::stop`]) and waits until its RPC answers. Ports are
	/// chosen free; if one was taken in between, the node is started again with new ones.
	fn spawn(&mut self, i: usize) {
		for attempt in 1..=3 {
			let node = &mut self.nodes[i];
			if node.rpc_port == 0 || attempt > 1 {
				node.rpc_port = free_port();
				node.p2p_port = free_port();
				node.prometheus_port = free_port();
			}
			let mut log = OpenOptions::new()
				.create(true)
				.append(true)
				.open(&node.log)
				.expect("open the node's log");
			let _ = writeln!(log, "==== harness: starting {} (attempt {attempt})", node.name);
			// A validator needs a network key of its own, made once, as an operator would.
			let node_key = node.base_path.join("node-key");
			if !node_key.exists() {
				std::fs::create_dir_all(&node.base_path).expect("create the base path");
				let out = Command::new(node_bin())
					.args(["key", "generate-node-key", "--file"])
					.arg(&node_key)
					.output()
					.expect("the node binary runs");
				assert!(out.status.success(), "generate-node-key: {out:?}");
			}
			let mut command = Command::new(&node.bin);
			command
				.args(["--chain", &self.chain])
				.arg("--node-key-file")
				.arg(&node_key)
				.arg("--base-path")
				.arg(&node.base_path)
				.args(["--rpc-port", &node.rpc_port.to_string()])
				.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", node.p2p_port)])
				.args(["--prometheus-port", &node.prometheus_port.to_string()])
				.args(&self.default_args)
				.args(&node.args);
			if let Some(bootnode) = &self.bootnode {
				command.args(["--bootnodes", bootnode]);
			}
			// SAFETY: `prctl` is async-signal-safe and touches no memory of the parent.
			unsafe {
				command.pre_exec(|| {
					// The node dies with the thread that started it, should the test process be
					// killed before it can stop the node itself.
					if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
						return Err(std::io::Error::last_os_error());
					}
					Ok(())
				});
			}
			let child = command
				.stdout(log.try_clone().expect("clone the log handle"))
				.stderr(log)
				.stdin(Stdio::null())
				.spawn()
				.expect("the node binary starts");
			node.child = Some(child);
			let start = Instant::now();
			while start.elapsed() < Duration::from_secs(120) {
				if !node.is_running() {
					break;
				}
				if node.rpc("system_health", serde_json::json!([])).is_ok() {
					return;
				}
				std::thread::sleep(Duration::from_millis(200));
			}
			let log = node.log_text();
			if node.is_running() {
				panic!("{} did not answer RPC within 120 s; its log:\n{log}", node.name);
			}
			node.child = None;
			if !log.contains("in use") {
				panic!("{} exited at start; its log:\n{log}", node.name);
			}
		}
		panic!("{}: no free ports after three attempts", self.nodes[i].name);
	}

	/// Stops node `name` with SIGINT, as its operator would, and waits for a clean exit.
	pub fn stop(&mut self, name: &str) {
		let i = self.index(name);
		let node = &mut self.nodes[i];
		let mut child = node.child.take().unwrap_or_else(|| panic!("{name} is not running"));
		interrupt(&child);
		let start = Instant::now();
		loop {
			if let Some(status) = child.try_wait().expect("wait") {
				assert!(status.success(), "{name} did not exit cleanly ({status})");
				return;
			}
			if start.elapsed() > Duration::from_secs(60) {
				let _ = child.kill();
				panic!("{name} did not stop within 60 s of SIGINT");
			}
			std::thread::sleep(Duration::from_millis(100));
		}
	}

	/// Starts the stopped node `name` again on its database.
	pub fn restart(&mut self, name: &str) {
		let i = self.index(name);
		assert!(self.nodes[i].child.is_none(), "{name} is running");
		self.spawn(i);
	}

	/// Waits until `done(best, finalized)` holds on every named node; returns their heights.
	/// Panics after `timeout`, or if a node exits.
	pub fn wait_all(
		&mut self,
		names: &[&str],
		what: &str,
		timeout: Duration,
		done: impl Fn(u64, u64) -> bool,
	) -> Vec<(u64, u64)> {
		let start = Instant::now();
		let mut last = Vec::new();
		loop {
			last.clear();
			for name in names {
				let i = self.index(name);
				let node = &mut self.nodes[i];
				assert!(node.is_running(), "{name} exited while waiting for {what}");
				last.push(node.heights());
			}
			if last.iter().all(|h| h.as_ref().is_ok_and(|(b, f)| done(*b, *f))) {
				return last.iter().filter_map(|h| h.clone().ok()).collect();
			}
			if start.elapsed() > timeout {
				panic!("timed out after {timeout:?} waiting for {what}; heights of {names:?}: {last:?}");
			}
			std::thread::sleep(Duration::from_millis(250));
		}
	}

	/// Waits until every named node has `peers` peers and a finalized block; returns the time
	/// since the first node started.
	pub fn wait_connected_and_finalizing(&mut self, names: &[&str], peers: u64) -> Duration {
		self.wait_until("every node connected", Duration::from_secs(90), |net| {
			for name in names {
				let health = net.node(name).rpc("system_health", serde_json::json!([]))?;
				if health["peers"].as_u64().unwrap_or(0) < peers {
					return Ok(None);
				}
			}
			Ok(Some(()))
		});
		self.wait_all(
			names,
			"a finalized block on every node",
			Duration::from_secs(180),
			|_, f| f >= 1,
		);
		self.started.elapsed()
	}

	/// Waits until `check` returns `Some` (polling every half second); panics after `timeout`
	/// with the last answer.
	pub fn wait_until<T>(
		&mut self,
		what: &str,
		timeout: Duration,
		mut check: impl FnMut(&mut Network) -> Result<Option<T>, String>,
	) -> T {
		let start = Instant::now();
		loop {
			let last = match check(self) {
				Ok(Some(value)) => return value,
				Ok(None) => "not yet".to_string(),
				Err(e) => e,
			};
			if start.elapsed() > timeout {
				panic!("timed out after {timeout:?} waiting for {what} (last: {last})");
			}
			std::thread::sleep(Duration::from_millis(500));
		}
	}

	/// Samples the finality lag on `name` for `window`: for every block, the time from when the
	/// node first had it as best to when it first had it finalized. Returns (blocks seen, median
	/// lag in seconds, largest lag in seconds, median best-finalized distance in blocks).
	pub fn finality_lag(&mut self, name: &str, window: Duration) -> FinalityLag {
		let i = self.index(name);
		let node = &self.nodes[i];
		let start = Instant::now();
		let mut best_at = std::collections::BTreeMap::new();
		let mut final_at = std::collections::BTreeMap::new();
		let mut distances = Vec::new();
		let (first_best, _) = node.heights().expect("heights");
		while start.elapsed() < window {
			if let Ok((best, finalized)) = node.heights() {
				let now = start.elapsed();
				for n in first_best + 1..=best {
					best_at.entry(n).or_insert(now);
				}
				for n in first_best + 1..=finalized {
					final_at.entry(n).or_insert(now);
				}
				distances.push(best.saturating_sub(finalized));
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		let mut lags: Vec<f64> = final_at
			.iter()
			.filter_map(|(n, f)| best_at.get(n).map(|b| f.saturating_sub(*b).as_secs_f64()))
			.collect();
		lags.sort_by(f64::total_cmp);
		distances.sort();
		assert!(!lags.is_empty(), "{name}: no block was finalized in {window:?}");
		FinalityLag {
			blocks: lags.len(),
			median_s: lags[lags.len() / 2],
			max_s: lags[lags.len() - 1],
			median_distance: distances[distances.len() / 2],
		}
	}

	/// Prints a figure and appends it to `logs/network/<test>/figures.txt`, which
	/// `scripts/test.sh` shows in its summary.
	pub fn figure(&self, line: &str) {
		println!("{line}");
		let mut file = OpenOptions::new()
			.create(true)
			.append(true)
			.open(self.logs.join("figures.txt"))
			.expect("open figures.txt");
		let _ = writeln!(file, "{line}");
	}

	pub fn logs(&self) -> &Path {
		&self.logs
	}
}

/// Finality lag measured by [`Network::finality_lag`].
#[derive(Debug, Clone, Copy)]
pub struct FinalityLag {
	pub blocks: usize,
	pub median_s: f64,
	pub max_s: f64,
	pub median_distance: u64,
}

fn interrupt(child: &Child) {
	// SAFETY: signalling a child we spawned and have not reaped: the pid is still ours.
	let pid = child.id() as libc::pid_t;
	unsafe {
		libc::kill(pid, libc::SIGINT);
	}
}

impl Drop for Network {
	fn drop(&mut self) {
		for node in &mut self.nodes {
			if let Some(child) = &node.child {
				interrupt(child);
			}
		}
		for node in &mut self.nodes {
			if let Some(mut child) = node.child.take() {
				let start = Instant::now();
				while matches!(child.try_wait(), Ok(None))
					&& start.elapsed() < Duration::from_secs(20)
				{
					std::thread::sleep(Duration::from_millis(100));
				}
				let _ = child.kill();
				let _ = child.wait();
			}
		}
		if std::thread::panicking() {
			for node in &self.nodes {
				let text = node.log_text();
				let lines: Vec<&str> = text.lines().collect();
				let tail = lines[lines.len().saturating_sub(40)..].join("\n");
				eprintln!("--- last lines of {} ---\n{tail}", node.log.display());
			}
			eprintln!("full logs: {}", self.logs.display());
		}
		let _ = std::fs::remove_dir_all(&self.data);
	}
}
