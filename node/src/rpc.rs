//! The node's RPC methods beyond Substrate's standard set: account nonces (`system_*`),
//! transaction fees (`payment_*`), GRANDPA's finality proofs (`grandpa_*`), the rollup read
//! path (`inbox_*`, see [`seqchain_inbox_rpc`]) and the economy's metrics (`economics_*`, see
//! [`crate::economics_rpc`]).

use std::sync::Arc;

use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use seqchain_runtime::{opaque::Block, AccountId, Balance, Nonce};
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::HeaderBackend;

/// What the RPC methods of a full node need.
pub struct FullDeps<C, P, B> {
	/// The client, to read chain state and call the runtime.
	pub client: Arc<C>,
	/// The transaction pool, to account for pending transactions in nonces.
	pub pool: Arc<P>,
	/// Runs subscription tasks.
	pub executor: Arc<dyn sp_core::traits::SpawnNamed>,
	/// Most `inbox_subscribeFinalized` subscriptions served at once (`--inbox-max-subscriptions`).
	pub max_inbox_subscriptions: usize,
	/// What GRANDPA's methods read; `None` on a node that runs without GRANDPA.
	pub grandpa: Option<GrandpaDeps<B>>,
}

/// What GRANDPA's RPC methods read: the voter's state and authority set, the justifications it
/// makes, and the backend finality proofs are built from.
pub struct GrandpaDeps<B> {
	/// The voter's rounds, for `grandpa_roundState`.
	pub shared_voter_state: sc_consensus_grandpa::SharedVoterState,
	/// The authority set and its changes, for the proofs.
	pub shared_authority_set: sc_consensus_grandpa::SharedAuthoritySet<
		seqchain_runtime::Hash,
		seqchain_runtime::BlockNumber,
	>,
	/// Every justification the voter makes, for `grandpa_subscribeJustifications`.
	pub justification_stream: sc_consensus_grandpa::GrandpaJustificationStream<Block>,
	/// Builds `grandpa_proveFinality`'s proofs.
	pub finality_proof_provider: Arc<sc_consensus_grandpa::FinalityProofProvider<B, Block>>,
}

/// The node's RPC module: `system_accountNextIndex`, `system_dryRun`, `payment_queryInfo`,
/// `payment_queryFeeDetails`, `grandpa_roundState`, `grandpa_proveFinality`, the
/// `grandpa_subscribeJustifications` subscription, `inbox_submissions`, `inbox_rollup`,
/// `inbox_rollupId`, the `inbox_subscribeFinalized` subscription, `economics_metrics` and
/// `economics_pendingRewards`.
pub fn create_full<C, P, B>(
	deps: FullDeps<C, P, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ sc_client_api::BlockBackend<Block>
		+ sc_client_api::StorageProvider<Block, B>
		+ sc_client_api::BlockchainEvents<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ seqchain_primitives::InboxApi<Block, AccountId>
		+ seqchain_primitives::EconomicsApi<Block, AccountId>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	use crate::economics_rpc::{Economics, EconomicsApiServer};
	use seqchain_inbox_rpc::{Inbox, InboxApiServer};

	let FullDeps { client, pool, executor, max_inbox_subscriptions, grandpa } = deps;
	let mut module = RpcModule::new(());
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	if let Some(grandpa) = grandpa {
		use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
		module.merge(
			Grandpa::new(
				executor.clone(),
				grandpa.shared_authority_set,
				grandpa.shared_voter_state,
				grandpa.justification_stream,
				grandpa.finality_proof_provider,
			)
			.into_rpc(),
		)?;
	}
	module.merge(Economics::new(client.clone()).into_rpc())?;
	module.merge(Inbox::<C, B>::new(client, executor, max_inbox_subscriptions).into_rpc())?;
	Ok(module)
}
