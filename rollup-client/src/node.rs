//! Talking to a node: signing and submitting transactions, reading their outcome.

use codec::{Decode, Encode};
use jsonrpsee::{
	core::client::{ClientT, Subscription, SubscriptionClientT},
	rpc_params,
};
use jsonrpsee_ws_client::{WsClient, WsClientBuilder};
use seqchain_primitives::inbox::rpc::{BlockEntries, SubmissionsPage};
use seqchain_runtime::{
	AccountId, Runtime, RuntimeCall, RuntimeEvent, SignedPayload, TxExtension, UncheckedExtrinsic,
};
use serde::Deserialize;
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{generic::Era, MultiSignature};

/// An error for the user: what went wrong, in words.
pub type Error = String;

/// Blocks a transaction stays valid for after its birth block (the finalized head when it was
/// signed): 64 blocks, about two minutes. A transaction that has not landed by then never can,
/// so a lost or stuck one cannot be replayed later.
pub const MORTAL_PERIOD: u64 = 64;

/// Most bytes of one answer this client takes from a node.
pub const MAX_RESPONSE_BYTES: u32 = 32 << 20;

/// The block a mortal transaction is anchored to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Birth {
	/// Its number.
	pub number: u32,
	/// Its hash.
	pub hash: H256,
}

/// A connection to a node.
pub struct Node {
	/// The JSON-RPC client.
	pub rpc: WsClient,
	/// Other nodes every transaction is also sent to.
	also: Vec<String>,
	genesis: H256,
	spec_version: u32,
	transaction_version: u32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuntimeVersion {
	spec_version: u32,
	transaction_version: u32,
}

#[derive(Deserialize)]
struct SignedBlock {
	block: BlockJson,
}

#[derive(Deserialize)]
struct BlockJson {
	header: Header,
	extrinsics: Vec<String>,
}

/// A block header as the node's JSON-RPC gives it (only what the client reads).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
	number: String,
	/// The parent block's hash.
	pub parent_hash: H256,
}

impl Header {
	/// The block number.
	pub fn number(&self) -> Result<u32, Error> {
		u32::from_str_radix(self.number.trim_start_matches("0x"), 16)
			.map_err(|e| format!("block number {}: {e}", self.number))
	}
}

/// A block: its number and its extrinsics, `0x` hex as the node sends them.
pub struct Block {
	/// The block number.
	pub number: u32,
	/// Its extrinsics, SCALE-encoded, as `0x` hex.
	pub extrinsics: Vec<String>,
}

/// Indices of the extrinsics that failed, from a block's events.
pub fn failed_extrinsics(events: &Events) -> std::collections::HashSet<u32> {
	events
		.iter()
		.filter_map(|r| match (&r.phase, &r.event) {
			(
				frame_system::Phase::ApplyExtrinsic(i),
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }),
			) => Some(*i),
			_ => None,
		})
		.collect()
}

/// What became of a transaction.
pub struct Outcome {
	/// Block that included it.
	pub block: u32,
	/// That block's hash.
	pub block_hash: H256,
	/// Events it emitted.
	pub events: Vec<RuntimeEvent>,
}

/// A block's events.
pub type Events = Vec<frame_system::EventRecord<RuntimeEvent, H256>>;

fn rpc_err(what: &str) -> impl Fn(jsonrpsee::core::ClientError) -> Error + '_ {
	move |e| format!("{what}: {}", describe_rpc(&e))
}

/// An RPC failure in words: the node's message and code for an error answer.
pub fn describe_rpc(e: &jsonrpsee::core::ClientError) -> String {
	match e {
		jsonrpsee::core::ClientError::Call(e) => format!("{} (error {})", e.message(), e.code()),
		e => e.to_string(),
	}
}

impl Node {
	/// Connects to `url` and reads what signing needs.
	pub async fn connect(url: &str) -> Result<Self, Error> {
		let rpc = WsClientBuilder::default()
			.max_request_size(u32::MAX)
			// The largest answer a node gives is a full block (5 MiB, 10 MiB as hex) or a page
			// of `inbox_submissions` (4 MiB, or one block); a node that sends more is refused
			// rather than allowed to fill this process's memory.
			.max_response_size(MAX_RESPONSE_BYTES)
			.request_timeout(std::time::Duration::from_secs(120))
			// A block may give a rollup up to 1,024 entries at once: room for a few blocks'
			// worth while the reader is busy, so a burst does not drop the subscription.
			.max_buffer_capacity_per_subscription(8 * 1024)
			.build(url)
			.await
			.map_err(|e| format!("cannot connect to {url}: {e}"))?;
		let genesis: H256 = rpc
			.request("chain_getBlockHash", rpc_params![0])
			.await
			.map_err(rpc_err("chain_getBlockHash"))?;
		let version: RuntimeVersion = rpc
			.request("state_getRuntimeVersion", rpc_params![])
			.await
			.map_err(rpc_err("state_getRuntimeVersion"))?;
		Ok(Self {
			rpc,
			also: Vec::new(),
			genesis,
			spec_version: version.spec_version,
			transaction_version: version.transaction_version,
		})
	}

	/// The chain's genesis hash.
	pub fn genesis(&self) -> H256 {
		self.genesis
	}

	/// The chain's type as its spec says: `Development`, `Local` or `Live`.
	pub async fn chain_type(&self) -> Result<String, Error> {
		let kind: serde_json::Value = self
			.rpc
			.request("system_chainType", rpc_params![])
			.await
			.map_err(rpc_err("system_chainType"))?;
		// `Custom` chain types come as `{"Custom": "name"}`.
		Ok(kind.as_str().map(str::to_owned).unwrap_or_else(|| kind.to_string()))
	}

	/// The finalized head, as the birth block of mortal transactions.
	pub async fn birth(&self) -> Result<Birth, Error> {
		let hash: H256 = self
			.rpc
			.request("chain_getFinalizedHead", rpc_params![])
			.await
			.map_err(rpc_err("chain_getFinalizedHead"))?;
		Ok(Birth { number: self.header(hash).await?.number()?, hash })
	}

	/// The header of block `hash`.
	pub async fn header(&self, hash: H256) -> Result<Header, Error> {
		let header: Option<Header> = self
			.rpc
			.request("chain_getHeader", rpc_params![hash])
			.await
			.map_err(rpc_err("chain_getHeader"))?;
		header.ok_or_else(|| format!("the node does not know block {hash:?}"))
	}

	/// Sends every transaction also to the nodes at `urls`.
	pub fn also(mut self, urls: Vec<String>) -> Self {
		self.also = urls;
		self
	}

	/// Sends the encoded transaction `hex` to the other nodes. A node that has it already (it
	/// came by gossip) is fine; any other refusal is reported on standard error.
	async fn broadcast(&self, hex: &str) {
		for url in &self.also {
			let sent = async {
				let rpc = WsClientBuilder::default()
					.max_request_size(u32::MAX)
					.build(url)
					.await
					.map_err(|e| e.to_string())?;
				rpc.request::<H256, _>("author_submitExtrinsic", rpc_params![hex])
					.await
					.map_err(|e| e.to_string())
			};
			match sent.await {
				Ok(_) => {},
				Err(e) if e.contains("already imported") || e.contains("1013") => {},
				Err(e) => eprintln!("warning: {url} did not take the transaction: {e}"),
			}
		}
	}

	/// The next nonce of `who`, counting its transactions in the pool.
	pub async fn nonce(&self, who: &AccountId) -> Result<u32, Error> {
		use sp_core::crypto::Ss58Codec;
		self.rpc
			.request("system_accountNextIndex", rpc_params![who.to_ss58check()])
			.await
			.map_err(rpc_err("system_accountNextIndex"))
	}

	/// `call` signed by `signer` with `nonce`, no tip, every extension of the runtime; valid for
	/// [`MORTAL_PERIOD`] blocks from `birth` (see [`Node::birth`]), or for ever without one
	/// (only for load tools, whose runs outlast any period).
	pub fn sign(
		&self,
		signer: &sr25519::Pair,
		call: RuntimeCall,
		nonce: u32,
		birth: Option<Birth>,
	) -> UncheckedExtrinsic {
		let (era, birth_hash) = match birth {
			Some(b) => (Era::mortal(MORTAL_PERIOD, b.number.into()), b.hash),
			None => (Era::Immortal, self.genesis),
		};
		let tx_ext: TxExtension = (
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(era),
			frame_system::CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
			frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
			frame_system::WeightReclaim::<Runtime>::new(),
		);
		let implicit = (
			(),
			self.spec_version,
			self.transaction_version,
			self.genesis,
			birth_hash,
			(),
			(),
			(),
			None,
			(),
		);
		let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
		let signature = payload.using_encoded(|bytes| signer.sign(bytes));
		UncheckedExtrinsic::new_signed(
			call,
			AccountId::from(signer.public()).into(),
			MultiSignature::Sr25519(signature),
			tx_ext,
		)
	}

	/// Submits without waiting (to this node, then to the [`Node::also`] nodes); returns the
	/// transaction hash.
	pub async fn submit(&self, xt: &UncheckedExtrinsic) -> Result<H256, Error> {
		let hex = format!("0x{}", hex::encode(xt.encode()));
		let hash = self
			.rpc
			.request("author_submitExtrinsic", rpc_params![&hex])
			.await
			.map_err(rpc_err("the node refused the transaction"))?;
		if !self.also.is_empty() {
			self.broadcast(&hex).await;
		}
		Ok(hash)
	}

	/// Submits (to this node, then to the [`Node::also`] nodes) and waits until the
	/// transaction is in a block (or finalized, with `finalized`); fails with the dispatch
	/// error's name when the transaction failed.
	pub async fn submit_and_watch(
		&self,
		xt: &UncheckedExtrinsic,
		finalized: bool,
	) -> Result<Outcome, Error> {
		let encoded = xt.encode();
		let hex = format!("0x{}", hex::encode(&encoded));
		let mut sub: Subscription<serde_json::Value> = self
			.rpc
			.subscribe(
				"author_submitAndWatchExtrinsic",
				rpc_params![hex.clone()],
				"author_unwatchExtrinsic",
			)
			.await
			.map_err(rpc_err("the node refused the transaction"))?;
		self.broadcast(&hex).await;
		let block_hash = loop {
			let status = sub
				.next()
				.await
				.ok_or("the node closed the transaction watch")?
				.map_err(|e| format!("transaction watch: {e}"))?;
			let key = if finalized { "finalized" } else { "inBlock" };
			if let Some(h) = status.get(key).and_then(|h| h.as_str()) {
				break h.parse::<H256>().map_err(|e| format!("block hash {h}: {e}"))?;
			}
			for bad in ["dropped", "invalid", "usurped", "finalityTimeout"] {
				if status.get(bad).is_some() || status.as_str() == Some(bad) {
					return Err(format!("transaction {bad}: {status}"));
				}
			}
		};
		let block = self.block(block_hash).await?;
		let index = block
			.extrinsics
			.iter()
			.position(|x| x.eq_ignore_ascii_case(&hex))
			.ok_or("the transaction is not in the block the node named")? as u32;
		let events: Vec<RuntimeEvent> = self
			.events(block_hash)
			.await?
			.into_iter()
			.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index))
			.map(|r| r.event)
			.collect();
		for event in &events {
			if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error,
				..
			}) = event
			{
				return Err(format!("the transaction failed: {}", describe(dispatch_error)));
			}
		}
		Ok(Outcome { block: block.number, block_hash, events })
	}

	/// Block `hash`.
	pub async fn block(&self, hash: H256) -> Result<Block, Error> {
		let block: SignedBlock = self
			.rpc
			.request("chain_getBlock", rpc_params![hash])
			.await
			.map_err(rpc_err("chain_getBlock"))?;
		Ok(Block { number: block.block.header.number()?, extrinsics: block.block.extrinsics })
	}

	/// One page of `inbox_submissions` over `from..=to` (finalized blocks only), checked as far
	/// as one answer can be: its blocks in the range, in order, and, when it stops early, a next
	/// block after `from` and in the range, so following pages always ends. Gives the blocks
	/// and the block to ask from next (`None`: the range is done).
	pub async fn submissions_page(
		&self,
		rollup: seqchain_primitives::inbox::RollupId,
		from: u32,
		to: u32,
	) -> Result<(Vec<BlockEntries>, Option<u32>), Error> {
		let page: SubmissionsPage = self
			.rpc
			.request("inbox_submissions", rpc_params![rollup, from, to, true])
			.await
			.map_err(|e| {
				format!(
					"the node cannot read blocks {from}..={to} ({}): read from a node that has \
					 them, an archive node for old blocks",
					describe_rpc(&e)
				)
			})?;
		check_page(page, from, to)
	}

	/// The number and hash of the next block announced on `heads`
	/// (a `chain_subscribeNewHeads` subscription).
	pub async fn next_head(&self, heads: &mut Subscription<Header>) -> Result<(u32, H256), Error> {
		let header =
			heads.next().await.ok_or("head subscription ended")?.map_err(|e| e.to_string())?;
		let number = header.number()?;
		let hash = self
			.rpc
			.request("chain_getBlockHash", rpc_params![number])
			.await
			.map_err(rpc_err("chain_getBlockHash"))?;
		Ok((number, hash))
	}

	/// The events of block `hash`, decoded with the types this client was built with: a block
	/// with events of a later runtime is an error that says so.
	pub async fn events(&self, hash: H256) -> Result<Events, Error> {
		let mut key = sp_crypto_hashing::twox_128(b"System").to_vec();
		key.extend(sp_crypto_hashing::twox_128(b"Events"));
		let data: Option<sp_core::Bytes> = self
			.rpc
			.request("state_getStorage", rpc_params![sp_core::Bytes(key), hash])
			.await
			.map_err(rpc_err("state_getStorage"))?;
		match data {
			None => Ok(Vec::new()),
			Some(bytes) => Events::decode(&mut &bytes.0[..]).map_err(|e| {
				format!(
					"the events of block {hash:?} do not decode with this client's types ({e}): \
					 the chain's runtime was upgraded; use a rollup-client built for it"
				)
			}),
		}
	}
}

/// Checks a page of `inbox_submissions` over `from..=to` as far as one answer can be: its
/// blocks in the range, in order, and, when it stops early, a next block after `from` and in
/// the range. Gives the blocks and the block to ask from next (`None`: the range is done).
pub fn check_page(
	page: SubmissionsPage,
	from: u32,
	to: u32,
) -> Result<(Vec<BlockEntries>, Option<u32>), Error> {
	let end = match page.next_block {
		Some(next) if next <= from || next > to => {
			return Err(format!(
				"the node answered blocks {from}..={to} with a page that goes on at block \
				 {next}: not after {from} and within the range; the node is faulty"
			))
		},
		Some(next) => next - 1,
		None => to,
	};
	let mut last = None;
	for b in &page.blocks {
		if b.number < from || b.number > end || last.is_some_and(|l| b.number <= l) {
			return Err(format!(
				"the node answered blocks {from}..={end} with block {}, out of the range or out \
				 of order; the node is faulty",
				b.number
			));
		}
		last = Some(b.number);
	}
	Ok((page.blocks, page.next_block))
}

/// A dispatch error by name: `Inbox.PayloadTooLarge` for the inbox's errors.
pub fn describe(e: &sp_runtime::DispatchError) -> String {
	use sp_runtime::DispatchError;
	if let DispatchError::Module(m) = e {
		use frame_support::traits::PalletInfoAccess;
		if m.index as usize == seqchain_runtime::Inbox::index() {
			if let Ok(err) = pallet_inbox::Error::<Runtime>::decode(&mut &m.error[..]) {
				let name: &'static str = err.into();
				return format!("Inbox.{name}");
			}
		}
		return format!("{}.{}", m.message.unwrap_or("module"), hex::encode(m.error));
	}
	format!("{e:?}")
}
