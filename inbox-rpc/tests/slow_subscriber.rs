//! A subscriber that stops reading, as an attacker holding a node's memory would: the
//! subscription queues at most `QUEUED_BYTES` on the connection, then drops the subscriber
//! with a `TOO_SLOW` error as its last item; one that reads gets everything, large items or
//! many small ones.
//!
//! A real jsonrpsee server and a raw WebSocket client (tokio-tungstenite) that does not read its
//! socket until the server has given up.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use jsonrpsee::{core::SubscriptionResult, server::Server, RpcModule};
use seqchain_inbox_rpc::{codes, Outbox, QUEUED_BYTES};
use seqchain_primitives::inbox::rpc::{EntryStatus, StreamEntry, StreamItem};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

/// Items of this many payload bytes (1 MiB as JSON), so the sockets' buffers fill after a few.
const PAYLOAD: usize = 512 * 1024;
/// Items the subscription tries to send.
const ITEMS: u64 = 64;

fn entry(index: u64, size: usize) -> StreamItem {
	StreamItem::Entry(StreamEntry {
		rollup: 0,
		index,
		block: 1,
		block_hash: [1; 32],
		status: EntryStatus::Plain,
		hash: [2; 32],
		payload: Some(vec![index as u8; size]),
		salt: None,
		committer: None,
		commitment: None,
	})
}

/// A server whose one subscription sends `items` entries of `size` bytes through an [`Outbox`]
/// (dropping a subscriber after `slow`) and reports how many it sent and whether it finished.
async fn server(
	slow: Duration,
	items: u64,
	size: usize,
) -> (String, mpsc::UnboundedReceiver<(u64, bool)>) {
	let server = Server::builder()
		.set_message_buffer_capacity(16)
		.max_response_body_size(16 << 20)
		.build("127.0.0.1:0")
		.await
		.expect("binds a local port");
	let url = format!("ws://{}", server.local_addr().expect("bound"));
	let (tx, rx) = mpsc::unbounded_channel();
	let mut module = RpcModule::new(tx);
	module
		.register_subscription("sub", "item", "unsub", move |_, pending, tx, _| async move {
			let mut out = Outbox::new(pending.accept().await?, slow);
			let mut sent = 0;
			while sent < items && out.send(&entry(sent, size)).await {
				sent += 1;
			}
			let _ = tx.send((sent, sent == items));
			SubscriptionResult::Ok(())
		})
		.expect("one name");
	let handle = server.start(module);
	// The server runs for the test's life.
	std::mem::forget(handle);
	(url, rx)
}

/// The `params` of each notification read until the socket has nothing more for `quiet`.
async fn read_all(
	ws: &mut tokio_tungstenite::WebSocketStream<
		tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
	>,
	quiet: Duration,
) -> Vec<serde_json::Value> {
	let mut items = Vec::new();
	while let Ok(Some(Ok(message))) = tokio::time::timeout(quiet, ws.next()).await {
		let Message::Text(text) = message else { continue };
		let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
		if json["method"] == "item" {
			items.push(json["params"]["result"].clone());
		}
	}
	items
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_that_does_not_read_is_dropped_with_an_error_after_its_queue() {
	let (url, mut done) = server(Duration::from_secs(2), ITEMS, PAYLOAD).await;
	let (mut ws, _) = tokio_tungstenite::connect_async(url).await.expect("connects");
	ws.send(Message::text(r#"{"jsonrpc":"2.0","id":1,"method":"sub","params":[]}"#))
		.await
		.expect("sends");
	// The attacker reads nothing; the server gives up on it.
	let (sent, finished) = tokio::time::timeout(Duration::from_secs(60), done.recv())
		.await
		.expect("gives up")
		.unwrap();
	assert!(!finished, "the subscription did not wait for ever nor send everything");
	assert!(sent < ITEMS, "sent {sent} of {ITEMS}");
	// What was queued for it, then the error, in order.
	let items = read_all(&mut ws, Duration::from_secs(2)).await;
	let (last, entries) = items.split_last().expect("items were queued");
	assert_eq!(last["error"]["code"], codes::TOO_SLOW, "the last item is the error: {last}");
	assert_eq!(entries.len() as u64, sent, "every item sent was delivered, then the error");
	for (i, e) in entries.iter().enumerate() {
		assert_eq!(e["index"], i as u64, "in index order");
	}
	// What the subscription held in the connection's queue was bounded: the rest were never
	// made (the socket buffers took what was sent before the queue filled).
	assert!(sent < ITEMS - (QUEUED_BYTES / (2 * PAYLOAD)) as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_that_reads_gets_every_item() {
	// Large items, and many small ones (a block may give a rollup 1,024 entries at once).
	for (items, size) in [(ITEMS, PAYLOAD), (20_000, 100)] {
		let (url, mut done) = server(Duration::from_secs(2), items, size).await;
		let (mut ws, _) = tokio_tungstenite::connect_async(url).await.expect("connects");
		ws.send(Message::text(r#"{"jsonrpc":"2.0","id":1,"method":"sub","params":[]}"#))
			.await
			.expect("sends");
		let got = read_all(&mut ws, Duration::from_secs(5)).await;
		assert_eq!(done.recv().await, Some((items, true)));
		assert_eq!(got.len() as u64, items);
		assert!(got.iter().all(|i| i.get("error").is_none()));
	}
}
