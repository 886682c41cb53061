//! `economics_*` RPC methods: the economy's health metrics and a staker's claimable rewards,
//! read from the runtime's `EconomicsApi` at the best block (or the block asked for).

use std::sync::Arc;

use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use seqchain_primitives::{economics::EconomicsMetrics, EconomicsApi as EconomicsRuntimeApi};
use seqchain_runtime::{opaque::Block, AccountId};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;

/// The runtime could not be called at that block (unknown or pruned).
const UNAVAILABLE: i32 = 7001;

fn unavailable(e: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(UNAVAILABLE, e.to_string(), None::<()>)
}

/// The economy, for dashboards and wallets.
#[rpc(server)]
pub trait EconomicsApi {
	/// Issuance, minted and burned to date, the emission rate, the staking ratio, the HHI of
	/// stake across the active set, the treasury's balance and runway, this era's fees and
	/// the recent eras' flows. Amounts are decimal strings; ratios are parts per billion.
	#[method(name = "economics_metrics")]
	fn metrics(&self, at: Option<H256>) -> RpcResult<EconomicsMetrics>;

	/// Rewards `who` can claim now from its stake in `sequencer`'s pool (with the commission,
	/// for the operator), as a decimal string.
	#[method(name = "economics_pendingRewards")]
	fn pending_rewards(
		&self,
		sequencer: AccountId,
		who: AccountId,
		at: Option<H256>,
	) -> RpcResult<String>;
}

/// Serves [`EconomicsApiServer`] from a client.
pub struct Economics<C> {
	client: Arc<C>,
}

impl<C> Economics<C> {
	/// Reads through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> EconomicsApiServer for Economics<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: EconomicsRuntimeApi<Block, AccountId>,
{
	fn metrics(&self, at: Option<H256>) -> RpcResult<EconomicsMetrics> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().metrics(at).map_err(unavailable)
	}

	fn pending_rewards(
		&self,
		sequencer: AccountId,
		who: AccountId,
		at: Option<H256>,
	) -> RpcResult<String> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client
			.runtime_api()
			.pending_rewards(at, sequencer, who)
			.map(|r| r.to_string())
			.map_err(unavailable)
	}
}
