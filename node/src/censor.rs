//! A censoring block author, for the censorship test only (`censorship-test` feature, built as
//! the `seqchain-node-censoring` binary, never into `seqchain-node`).
//!
//! [`CensoringPool`] hands the block proposer this node's ready transactions without the inbox
//! submissions of one rollup (`--censor-rollup`): the node authors its blocks as usual, keeps
//! the rollup's transactions in its pool and gossips them, and never includes them. The
//! network test measures how long the other, honest leaders take to include them.

use std::{collections::HashMap, pin::Pin, sync::Arc, time::Duration};

use sc_transaction_pool_api::{
	ImportNotificationStream, InPoolTransaction, PoolStatus, ReadyTransactions, TransactionFor,
	TransactionPool, TransactionSource, TransactionStatusStreamFor, TxHash, TxInvalidityReportMap,
};
use seqchain_primitives::inbox::RollupId;
use seqchain_runtime::opaque::Block;
use sp_runtime::traits::Block as BlockT;

use crate::inbox_watch::inbox_rollup;

/// The rollup of an opaque extrinsic that is an inbox submission.
fn opaque_inbox_rollup(xt: &<Block as BlockT>::Extrinsic) -> Option<RollupId> {
	use sp_runtime::codec::{Decode, Encode};
	let xt = seqchain_runtime::UncheckedExtrinsic::decode(&mut &xt.encode()[..]).ok()?;
	inbox_rollup(&xt.function)
}

/// A transaction pool that hides one rollup's inbox submissions from block building.
pub struct CensoringPool<P> {
	inner: Arc<P>,
	censored: Option<RollupId>,
}

impl<P> CensoringPool<P> {
	/// Wraps `inner`; with `censored: None` it hides nothing.
	pub fn new(inner: Arc<P>, censored: Option<RollupId>) -> Self {
		if let Some(rollup) = censored {
			log::warn!(
				target: "seqchain::censor",
				"TEST BUILD: this node never includes inbox submissions of rollup {rollup}"
			);
		}
		Self { inner, censored }
	}
}

/// Ready transactions without the censored rollup's.
struct Filtered<I> {
	inner: Box<dyn ReadyTransactions<Item = I> + Send>,
	censored: Option<RollupId>,
}

impl<T: InPoolTransaction<Transaction = Arc<<Block as BlockT>::Extrinsic>>> Iterator
	for Filtered<Arc<T>>
{
	type Item = Arc<T>;

	fn next(&mut self) -> Option<Self::Item> {
		let censored = self.censored;
		self.inner
			.by_ref()
			.find(|tx| censored.is_none() || opaque_inbox_rollup(tx.data()) != censored)
	}
}

impl<T: InPoolTransaction<Transaction = Arc<<Block as BlockT>::Extrinsic>>> ReadyTransactions
	for Filtered<Arc<T>>
{
	fn report_invalid(&mut self, tx: &Self::Item) {
		self.inner.report_invalid(tx)
	}
}

type Ready<P> =
	Box<dyn ReadyTransactions<Item = Arc<<P as TransactionPool>::InPoolTransaction>> + Send>;

impl<P> CensoringPool<P>
where
	P: TransactionPool<Block = Block>,
	P::InPoolTransaction: 'static,
{
	fn filter(&self, ready: Ready<P>) -> Ready<P> {
		Box::new(Filtered { inner: ready, censored: self.censored })
	}
}

#[async_trait::async_trait]
impl<P> TransactionPool for CensoringPool<P>
where
	P: TransactionPool<Block = Block> + 'static,
	P::InPoolTransaction: 'static,
{
	type Block = Block;
	type Hash = P::Hash;
	type InPoolTransaction = P::InPoolTransaction;
	type Error = P::Error;

	async fn submit_at(
		&self,
		at: <Block as BlockT>::Hash,
		source: TransactionSource,
		xts: Vec<TransactionFor<Self>>,
	) -> Result<Vec<Result<TxHash<Self>, Self::Error>>, Self::Error> {
		self.inner.submit_at(at, source, xts).await
	}

	async fn submit_one(
		&self,
		at: <Block as BlockT>::Hash,
		source: TransactionSource,
		xt: TransactionFor<Self>,
	) -> Result<TxHash<Self>, Self::Error> {
		self.inner.submit_one(at, source, xt).await
	}

	async fn submit_and_watch(
		&self,
		at: <Block as BlockT>::Hash,
		source: TransactionSource,
		xt: TransactionFor<Self>,
	) -> Result<Pin<Box<TransactionStatusStreamFor<Self>>>, Self::Error> {
		self.inner.submit_and_watch(at, source, xt).await
	}

	async fn ready_at(&self, at: <Block as BlockT>::Hash) -> Ready<Self> {
		self.filter(self.inner.ready_at(at).await)
	}

	fn ready(&self) -> Ready<Self> {
		self.filter(self.inner.ready())
	}

	async fn report_invalid(
		&self,
		at: Option<<Block as BlockT>::Hash>,
		invalid_tx_errors: TxInvalidityReportMap<TxHash<Self>>,
	) -> Vec<Arc<Self::InPoolTransaction>> {
		self.inner.report_invalid(at, invalid_tx_errors).await
	}

	fn futures(&self) -> Vec<Self::InPoolTransaction> {
		self.inner.futures()
	}

	fn status(&self) -> PoolStatus {
		self.inner.status()
	}

	fn import_notification_stream(&self) -> ImportNotificationStream<TxHash<Self>> {
		self.inner.import_notification_stream()
	}

	fn on_broadcasted(&self, propagations: HashMap<TxHash<Self>, Vec<String>>) {
		self.inner.on_broadcasted(propagations)
	}

	fn hash_of(&self, xt: &TransactionFor<Self>) -> TxHash<Self> {
		self.inner.hash_of(xt)
	}

	fn ready_transaction(&self, hash: &TxHash<Self>) -> Option<Arc<Self::InPoolTransaction>> {
		self.inner.ready_transaction(hash)
	}

	async fn ready_at_with_timeout(
		&self,
		at: <Block as BlockT>::Hash,
		timeout: Duration,
	) -> Ready<Self> {
		self.filter(self.inner.ready_at_with_timeout(at, timeout).await)
	}
}
