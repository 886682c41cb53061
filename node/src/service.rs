//! The full node: client, transaction pool, import queue, networking, RPC, Aura block authoring
//! and GRANDPA finality.

use std::{sync::Arc, time::Duration};

use futures::FutureExt;
use sc_client_api::Backend;
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_service::{error::Error as ServiceError, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use seqchain_runtime::{opaque::Block, RuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_consensus_aura::sr25519::AuthorityPair as AuraPair;
use sp_runtime::traits::Block as BlockT;

/// The host functions the runtime may call.
#[cfg(not(feature = "runtime-benchmarks"))]
pub type HostFunctions = sp_io::SubstrateHostFunctions;

/// The host functions the runtime may call, with those of the benchmarking runtime.
#[cfg(feature = "runtime-benchmarks")]
pub type HostFunctions =
	(sp_io::SubstrateHostFunctions, frame_benchmarking::benchmarking::HostFunctions);

/// The full client: the runtime is executed as wasm only.
pub type FullClient =
	sc_service::TFullClient<Block, RuntimeApi, sc_executor::WasmExecutor<HostFunctions>>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type GrandpaBlockImport =
	sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;
type GrandpaLinkHalf = sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>;
/// The transaction pool.
pub type TransactionPool = sc_transaction_pool::TransactionPoolHandle<Block, FullClient>;

/// Blocks between two GRANDPA justifications that are stored and served even without an
/// authority set change: the stride of warp and light client sync.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// Components that are not part of [`sc_service::PartialComponents`]' standard set.
pub struct ConsensusComponents {
	/// GRANDPA's block import, which every imported or authored block goes through.
	pub block_import: GrandpaBlockImport,
	/// GRANDPA's link from block import to the voter.
	pub grandpa_link: GrandpaLinkHalf,
	/// Telemetry, when endpoints are configured.
	pub telemetry: Option<Telemetry>,
}

/// What [`new_partial`] builds: everything but networking and the consensus tasks.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	TransactionPool,
	ConsensusComponents,
>;

/// Builds the client, its database, the transaction pool and the import queue: what the node and
/// the chain subcommands (import, export, revert, benchmarks) share.
pub fn new_partial(config: &Configuration) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|endpoints| !endpoints.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor::<HostFunctions>(&config.executor);
	// Blocks with GRANDPA justifications are kept when pruning: warp sync proofs need them.
	let pruning_filters: Vec<Arc<dyn sc_service::PruningFilter>> =
		vec![Arc::new(sc_consensus_grandpa::GrandpaPruningFilter)];
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			pruning_filters,
		)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::new(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let (block_import, grandpa_link) = sc_consensus_grandpa::block_import(
		client.clone(),
		GRANDPA_JUSTIFICATION_PERIOD,
		&client,
		select_chain.clone(),
		telemetry.as_ref().map(|telemetry| telemetry.handle()),
	)?;

	let slot_client = client.clone();
	let import_queue =
		sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
			block_import: block_import.clone(),
			justification_import: Some(Box::new(block_import.clone())),
			client: client.clone(),
			create_inherent_data_providers: move |parent_hash, ()| {
				let slot_client = slot_client.clone();
				async move {
					let slot_duration = sc_consensus_aura::standalone::slot_duration_at(
						&*slot_client,
						parent_hash,
					)?;
					Ok(slot_inherent_data_providers(slot_duration))
				}
			},
			spawner: &task_manager.spawn_essential_handle(),
			registry: config.prometheus_registry(),
			check_for_equivocation: Default::default(),
			telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
			compatibility_mode: Default::default(),
		})?;

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: ConsensusComponents { block_import, grandpa_link, telemetry },
	})
}

/// The inherent data providers of a block authored or verified now: the timestamp from the
/// system clock and the Aura slot it falls in.
fn slot_inherent_data_providers(
	slot_duration: sc_consensus_aura::SlotDuration,
) -> (sp_consensus_aura::inherents::InherentDataProvider, sp_timestamp::InherentDataProvider) {
	let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
	let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
		*timestamp,
		slot_duration,
	);
	(slot, timestamp)
}

/// What the node's own command-line options set.
pub struct Options {
	/// How many blocks GRANDPA votes stay behind the best block (0: vote for the best block;
	/// see `--grandpa-vote-lag`).
	pub vote_lag: u32,
	/// Most inbox subscriptions served at once (`--inbox-max-subscriptions`).
	pub max_inbox_subscriptions: usize,
	/// The rollup whose inbox submissions this node leaves out of its blocks (test build only).
	#[cfg(feature = "censorship-test")]
	pub censor_rollup: Option<seqchain_primitives::inbox::RollupId>,
}

/// Builds and starts a full node on the network backend `N` with the node's `options`.
pub fn new_full<N>(config: Configuration, options: Options) -> Result<TaskManager, ServiceError>
where
	N: sc_network::NetworkBackend<Block, <Block as BlockT>::Hash>,
{
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: ConsensusComponents { block_import, grandpa_link, mut telemetry },
	} = new_partial(&config)?;

	let mut net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as BlockT>::Hash,
		N,
	>::new(&config.network, config.prometheus_registry().cloned());
	let metrics = N::register_notification_metrics(config.prometheus_registry());

	let genesis_hash = client.info().genesis_hash;
	let grandpa_protocol_name =
		sc_consensus_grandpa::protocol_standard_name(&genesis_hash, &config.chain_spec);
	let (grandpa_protocol_config, grandpa_notification_service) =
		sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
			grandpa_protocol_name.clone(),
			metrics.clone(),
			net_config.peer_store_handle(),
		);
	net_config.add_notification_protocol(grandpa_protocol_config);

	let warp_sync = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
		backend.clone(),
		grandpa_link.shared_authority_set().clone(),
		Vec::new(),
	));

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: Some(WarpSyncConfig::WithProvider(warp_sync)),
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	if config.offchain_worker.enabled {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				is_validator: config.role.is_authority(),
				keystore: Some(keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				enable_http_requests: true,
				custom_extensions: |_| vec![],
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	// Every node, authority or not, watches its pool for inbox submissions a leader left out.
	{
		let metrics = match config.prometheus_registry() {
			Some(registry) => Some(crate::inbox_watch::Metrics::register(registry)?),
			None => None,
		};
		let slot_duration = sc_consensus_aura::slot_duration(&*client)?.as_duration();
		task_manager.spawn_handle().spawn(
			"inbox-watch",
			None,
			crate::inbox_watch::run::<_, FullBackend, _>(
				client.clone(),
				transaction_pool.clone(),
				slot_duration,
				metrics,
			),
		);
	}

	let role = config.role;
	let force_authoring = config.force_authoring;
	let node_name = config.network.node_name.clone();
	let enable_grandpa = !config.disable_grandpa;
	let prometheus_registry = config.prometheus_registry().cloned();

	// GRANDPA's RPC reads the voter's state, which the voter shares.
	let shared_voter_state = SharedVoterState::empty();
	let rpc_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		let max_inbox_subscriptions = options.max_inbox_subscriptions;
		let shared_voter_state = shared_voter_state.clone();
		let shared_authority_set = grandpa_link.shared_authority_set().clone();
		let justification_stream = grandpa_link.justification_stream();
		let finality_proof_provider = sc_consensus_grandpa::FinalityProofProvider::new_for_service(
			backend.clone(),
			Some(shared_authority_set.clone()),
		);
		Box::new(move |executor| {
			let grandpa = enable_grandpa.then(|| crate::rpc::GrandpaDeps {
				shared_voter_state: shared_voter_state.clone(),
				shared_authority_set: shared_authority_set.clone(),
				justification_stream: justification_stream.clone(),
				finality_proof_provider: finality_proof_provider.clone(),
			});
			let deps = crate::rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				executor,
				max_inbox_subscriptions,
				grandpa,
			};
			crate::rpc::create_full(deps).map_err(Into::into)
		})
	};

	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: network.clone(),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if role.is_authority() {
		#[cfg(feature = "censorship-test")]
		let proposer_pool = Arc::new(crate::censor::CensoringPool::new(
			transaction_pool.clone(),
			options.censor_rollup,
		));
		#[cfg(not(feature = "censorship-test"))]
		let proposer_pool = transaction_pool.clone();
		let proposer_factory = sc_basic_authorship::ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			proposer_pool,
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|telemetry| telemetry.handle()),
		);

		let slot_duration = sc_consensus_aura::slot_duration(&*client)?;

		let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(
			StartAuraParams {
				slot_duration,
				client,
				select_chain,
				block_import,
				proposer_factory,
				create_inherent_data_providers: move |_, ()| async move {
					Ok(slot_inherent_data_providers(slot_duration))
				},
				force_authoring,
				backoff_authoring_blocks: None::<()>,
				keystore: keystore_container.keystore(),
				sync_oracle: sync_service.clone(),
				justification_sync_link: sync_service.clone(),
				block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
				max_block_proposal_slot_portion: None,
				telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
				compatibility_mode: Default::default(),
			},
		)?;

		// Essential: a sequencer that can no longer author is better stopped than left running.
		task_manager.spawn_essential_handle().spawn_blocking("aura", Some("block-authoring"), aura);
	}

	if enable_grandpa {
		// Only authorities vote, and only they need the keystore.
		let keystore = role.is_authority().then(|| keystore_container.keystore());

		let grandpa_config = sc_consensus_grandpa::Config {
			gossip_duration: Duration::from_millis(333),
			justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
			name: Some(node_name),
			observer_enabled: false,
			keystore,
			local_role: role,
			telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
			protocol_name: grandpa_protocol_name,
		};

		// Every full node runs the full voter, authority or not: it keeps vote and block data
		// available better than the observer.
		let voter = sc_consensus_grandpa::run_grandpa_voter(sc_consensus_grandpa::GrandpaParams {
			config: grandpa_config,
			link: grandpa_link,
			network,
			sync: sync_service,
			notification_service: grandpa_notification_service,
			voting_rule: voting_rule(options.vote_lag).build(),
			prometheus_registry,
			shared_voter_state,
			telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
			offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
		})?;

		// Essential: a node whose voter has failed cannot follow finality.
		task_manager.spawn_essential_handle().spawn_blocking("grandpa-voter", None, voter);
	}

	Ok(task_manager)
}

/// GRANDPA's voting rules for a vote lag of `lag` blocks.
///
/// With no rule (lag 0) a voter votes for its best block, and a block is final about one round
/// after it is imported. Substrate's default (`BeforeBestBlockBy(2)` and
/// `ThreeQuartersOfTheUnfinalizedChain`) keeps votes two blocks behind the best, which on this
/// chain's 2 s slots cost about 4 s on every finality and missed the target of 3 slots
/// (docs/performance.md). The node's default is 1: within the target, and one block of margin
/// that clients need (a Polkadot.js 16 client never sees a runtime-upgrade transaction in a block
/// that is final within a second of its import). The lag does not make finality safer: GRANDPA never
/// finalizes two conflicting blocks whatever the voters vote for.
fn voting_rule(lag: u32) -> sc_consensus_grandpa::VotingRulesBuilder<Block, FullClient> {
	let rules = sc_consensus_grandpa::VotingRulesBuilder::new();
	if lag == 0 {
		rules
	} else {
		rules
			.add(sc_consensus_grandpa::BeforeBestBlockBy(lag))
			.add(sc_consensus_grandpa::ThreeQuartersOfTheUnfinalizedChain)
	}
}
