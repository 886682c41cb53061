//! A lying node: a JSON-RPC proxy between a client and a real node that forwards every call
//! and subscription and lets a test rewrite the answers on the way back.

use std::sync::Arc;

use jsonrpsee::{
	core::{
		client::{ClientT, SubscriptionClientT},
		params::ArrayParams,
	},
	server::{Server, ServerHandle},
	RpcModule, SubscriptionMessage,
};
use jsonrpsee_ws_client::WsClientBuilder;
use serde_json::Value;

/// Rewrites the answer to `method` called with `params` (for a subscription, each item, the
/// method being the subscription's).
pub type Tamper = Arc<dyn Fn(&str, &[Value], &mut Value) + Send + Sync>;

/// The methods a client may call through the proxy.
const METHODS: &[&str] = &[
	"chain_getBlockHash",
	"chain_getHeader",
	"chain_getBlock",
	"chain_getFinalizedHead",
	"state_getRuntimeVersion",
	"state_getReadProof",
	"state_getStorage",
	"system_chainType",
	"grandpa_proveFinality",
	"inbox_rollup",
];

/// A running proxy; dropping it stops it.
pub struct Proxy {
	/// Where clients connect.
	pub url: String,
	handle: ServerHandle,
	_runtime: tokio::runtime::Runtime,
}

impl Drop for Proxy {
	fn drop(&mut self) {
		let _ = self.handle.stop();
	}
}

fn params(values: Vec<Value>) -> ArrayParams {
	let mut p = ArrayParams::new();
	for v in values {
		p.insert(v).expect("a JSON value serializes");
	}
	p
}

/// Starts a proxy to the node whose RPC server listens on `port`.
pub fn start(port: u16, tamper: Tamper) -> Proxy {
	let runtime = tokio::runtime::Builder::new_multi_thread()
		.worker_threads(2)
		.enable_all()
		.build()
		.expect("a tokio runtime");
	let (url, handle) = runtime.block_on(async move {
		let upstream = Arc::new(
			WsClientBuilder::default()
				.max_response_size(64 << 20)
				.build(format!("ws://127.0.0.1:{port}"))
				.await
				.expect("the proxy connects to the node"),
		);
		let mut module = RpcModule::new(());
		for method in METHODS {
			let (upstream, tamper) = (upstream.clone(), tamper.clone());
			module
				.register_async_method(method, move |p, _, _| {
					let (upstream, tamper) = (upstream.clone(), tamper.clone());
					async move {
						let args: Vec<Value> = p.parse().unwrap_or_default();
						let mut answer: Value =
							upstream.request(method, params(args.clone())).await.map_err(|e| {
								jsonrpsee::types::ErrorObjectOwned::owned(
									-32000,
									e.to_string(),
									None::<()>,
								)
							})?;
						tamper(method, &args, &mut answer);
						Ok::<_, jsonrpsee::types::ErrorObjectOwned>(answer)
					}
				})
				.expect("a method registers once");
		}
		let (up, tamper) = (upstream.clone(), tamper.clone());
		module
			.register_subscription(
				"grandpa_subscribeJustifications",
				"grandpa_justifications",
				"grandpa_unsubscribeJustifications",
				move |_, pending, _, _| {
					let (up, tamper) = (up.clone(), tamper.clone());
					async move {
						let mut sub = up
							.subscribe::<Value, _>(
								"grandpa_subscribeJustifications",
								ArrayParams::new(),
								"grandpa_unsubscribeJustifications",
							)
							.await
							.map_err(|e| e.to_string())?;
						let sink = pending.accept().await?;
						while let Some(Ok(mut item)) = sub.next().await {
							tamper("grandpa_justifications", &[], &mut item);
							let msg = SubscriptionMessage::from_json(&item)?;
							if sink.send(msg).await.is_err() {
								break;
							}
						}
						Ok(())
					}
				},
			)
			.expect("the subscription registers");
		let server = Server::builder()
			.max_response_body_size(64 << 20)
			.build("127.0.0.1:0")
			.await
			.expect("the proxy listens");
		let url = format!("ws://{}", server.local_addr().expect("an address"));
		(url, server.start(module))
	});
	Proxy { url, handle, _runtime: runtime }
}
