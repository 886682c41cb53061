//! `seqchain-node`: the sequencer chain's node (see the `seqchain_node` library).

fn main() -> std::process::ExitCode {
	seqchain_node::main()
}
