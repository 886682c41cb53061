#!/usr/bin/env bash
# Measures what reading a rollup's stream without trusting the node costs, against reading it
# trusting the node, on the same stream of full blocks (see docs/performance.md, "Verified
# reads"). One dev node; two rollups fill its blocks with 60 KiB payloads (each rollup may take
# half a block's inbox budget), then `rollup-client follow` reads rollup 0's whole stream twice,
# once with --trust-node and once verifying everything from the chain spec's genesis, and
# prints one table: wall time, payload MB/s, bodies read, proof bytes per block and per entry,
# and the time spent checking: its share of the run, per full block, and per 2 s slot (what
# following the chain live costs).
#
#   scripts/verified-follow.sh                 about 20 full blocks
#   BATCHES=40 scripts/verified-follow.sh      more
#
# Builds the node and the client (release) first, unless SEQCHAIN_NO_BUILD=1. The node's log
# stays in logs/verified-follow/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if [ -z "${SEQCHAIN_NO_BUILD:-}" ]; then
	cargo test --release --locked --workspace --no-run
fi
bin="$CARGO_TARGET_DIR/release"
logs=logs/verified-follow
rm -rf "$logs"
mkdir -p "$logs"
batches=${BATCHES:-12}
port=$((20000 + RANDOM % 20000))

"$bin/seqchain-node" export-chain-spec --chain dev --raw >"$logs/dev.raw.json" 2>/dev/null
"$bin/seqchain-node" --dev --tmp --rpc-port "$port" --port $((port + 1)) \
	--prometheus-port $((port + 2)) --no-mdns >"$logs/node.log" 2>&1 &
node_pid=$!
trap 'kill $node_pid 2>/dev/null || true' EXIT
url="ws://127.0.0.1:$port"
client() { "$bin/rollup-client" --url "$url" "$@"; }
for _ in $(seq 1 60); do
	client --suri //Alice info 0 >/dev/null 2>&1 && break
	grep -q "Running JSON-RPC server" "$logs/node.log" && break
	sleep 1
done

client --suri //Alice register measured >/dev/null
client --suri //Bob register filler >/dev/null
# 15 payloads of 60 KiB a batch: 900 KiB a transaction.
python3 -c "
import sys
for i in range(15):
    sys.stdout.write(chr(97 + i) * 61439 + '\n')
" >"$logs/batch.txt"
fill() { # rollup, signer
	for _ in $(seq 1 "$batches"); do
		client --suri "$2" submit "$1" --lines <"$logs/batch.txt" >/dev/null 2>>"$logs/fill.txt"
	done
}
echo "filling blocks: 2 rollups x 2 submitters x $batches batches of 900 KiB" >&2
pids=()
fill 0 //Charlie & pids+=($!)
fill 0 //Dave & pids+=($!)
fill 1 //Eve & pids+=($!)
fill 1 //Ferdie & pids+=($!)
wait "${pids[@]}"
total=$(client --suri //Alice info 0 | python3 -c "import json,sys; print(json.load(sys.stdin)['nextIndex'])")
# Wait until the last entry is final.
client --suri //Alice follow 0 --trust-node --from $((total - 1)) --until "$total" >/dev/null 2>&1

measure() { # label, follow's arguments...
	local start end label=$1
	shift
	start=$(date +%s.%N)
	client --suri //Alice follow 0 --until "$total" "$@" >"$logs/out.jsonl" 2>"$logs/err.txt"
	end=$(date +%s.%N)
	python3 - "$start" "$end" "$logs/out.jsonl" "$logs/err.txt" "$label" <<'EOF'
import json, re, sys
start, end, out, err, mode = sys.argv[1:]
secs = float(end) - float(start)
entries = [json.loads(l) for l in open(out)]
payload = sum((len(e["payload"]) - 2) // 2 for e in entries if e["payload"])
blocks = len({e["block"] for e in entries})
text = open(err).read()
m = re.search(r"verified: (\d+) justification\(s\) \((\d+) bytes\), (\d+) header\(s\) fetched, (\d+) storage proof\(s\) \((\d+) bytes\), (\d+) bod\(ies\) \((\d+) bytes\); checking took ([\d.]+) ms", text)
row = [mode, f"{len(entries)}", f"{blocks}", f"{payload / 1e6:.1f}", f"{secs:.2f}", f"{payload / 1e6 / secs:.2f}"]
if m:
    j, jb, h, p, pb, b, bb, ms = m.groups()
    row += [f"{int(bb) / 1e6:.1f}", f"{int(jb)} in {j}", f"{int(pb) / 1e3:.0f} kB in {p}",
            f"{int(pb) / max(int(p), 1):.0f} B", f"{(int(pb) + int(jb)) / max(len(entries), 1):.0f} B",
            f"{float(ms) / 1000 / secs * 100:.1f} %", f"{float(ms) / max(blocks, 1):.1f} ms",
            f"{float(ms) / max(blocks, 1) / 2000 * 100:.2f} %"]
else:
    row += ["-"] * 8
print("| " + " | ".join(row) + " |")
EOF
}
echo
echo "| mode | entries | blocks | payload MB | wall s | payload MB/s | bodies MB | justification bytes | storage proofs | per proof | proof bytes per entry | checking, of the wall time | checking per full block | of a 2 s slot |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
measure "trusting the node" --trust-node
measure "trusting nothing" --chain-spec "$logs/dev.raw.json"
