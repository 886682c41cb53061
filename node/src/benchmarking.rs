//! Extrinsics and inherent data for the `benchmark overhead` and `benchmark extrinsic` commands.
//!
//! The extrinsics are signed by the well-known development account Bob: they are valid only on
//! chains whose genesis endows him, such as the development chain.

use std::{sync::Arc, time::Duration};

use sc_cli::Result;
use seqchain_runtime::{
	AccountId, Balance, BalancesCall, Runtime, RuntimeCall, SignedPayload, SystemCall, TxExtension,
	UncheckedExtrinsic, VERSION,
};
use sp_blockchain::HeaderBackend;
use sp_core::{Encode, Get, Pair};
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, MultiSignature, OpaqueExtrinsic, SaturatedConversion};

use crate::service::FullClient;

/// Builds `System::remark` extrinsics, the empty transactions of `benchmark overhead`.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	/// A builder of remarks valid at the best block of `client`.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call = SystemCall::remark { remark: Vec::new() }.into();
		Ok(signed_extrinsic(&self.client, Sr25519Keyring::Bob.pair(), call, nonce).into())
	}
}

/// Builds `Balances::transfer_keep_alive` extrinsics of a fixed amount to a fixed account.
pub struct TransferKeepAliveBuilder {
	client: Arc<FullClient>,
	dest: AccountId,
	value: Balance,
}

impl TransferKeepAliveBuilder {
	/// A builder of transfers of `value` to `dest`, valid at the best block of `client`.
	pub fn new(client: Arc<FullClient>, dest: AccountId, value: Balance) -> Self {
		Self { client, dest, value }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call =
			BalancesCall::transfer_keep_alive { dest: self.dest.clone().into(), value: self.value }
				.into();
		Ok(signed_extrinsic(&self.client, Sr25519Keyring::Bob.pair(), call, nonce).into())
	}
}

/// A transaction of `call` signed by `sender` with `nonce`, mortal from the best block, with every
/// transaction extension of the runtime and no tip.
pub fn signed_extrinsic(
	client: &FullClient,
	sender: sp_core::sr25519::Pair,
	call: RuntimeCall,
	nonce: u32,
) -> UncheckedExtrinsic {
	let info = client.info();
	// The longest power-of-two period whose birth block is still in the runtime's block hash map.
	let block_hash_count = <<Runtime as frame_system::Config>::BlockHashCount as Get<u32>>::get();
	let period = u64::from(block_hash_count).next_power_of_two() / 2;
	let era = Era::mortal(period, info.best_number.saturated_into());

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
	// What the extensions add to the signed payload without encoding it in the transaction. The
	// era's birth block is the best block: a period below 4096 is not quantized.
	let implicit = (
		(),
		VERSION.spec_version,
		VERSION.transaction_version,
		info.genesis_hash,
		info.best_hash,
		(),
		(),
		(),
		None,
		(),
	);

	let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
	let signature = payload.using_encoded(|bytes| sender.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		AccountId::from(sender.public()).into(),
		MultiSignature::Sr25519(signature),
		tx_ext,
	)
}

/// Inherent data of a benchmark block: only the timestamp, at zero.
pub fn inherent_benchmark_data() -> Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(Duration::ZERO.into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating the benchmark's inherent data: {e:?}"))?;
	Ok(inherent_data)
}
