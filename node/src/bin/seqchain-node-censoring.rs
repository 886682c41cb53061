//! `seqchain-node-censoring`: the node built with the `censorship-test` feature, for the
//! censorship network test only (`scripts/censorship.sh`). Its `--censor-rollup <ID>` makes it
//! leave that rollup's inbox submissions out of every block it authors. Never deploy it.

fn main() -> std::process::ExitCode {
	seqchain_node::main()
}
