//! Finality without trusting a node: a GRANDPA justification checked against the authority set
//! the client tracks, the headers that link it to the last block the client trusts, and the
//! set changes those headers announce.
//!
//! The signatures, the weight of the precommits (more than two thirds of the set) and the
//! ancestry of every vote are checked by the SDK's own verifier
//! ([`sc_consensus_grandpa::GrandpaJustification::verify`], the code a full node runs on every
//! justification it imports); the set changes are read with the SDK's digest readers
//! ([`sc_consensus_grandpa::find_scheduled_change`], [`sc_consensus_grandpa::find_forced_change`]).
//! What this module adds is the bookkeeping around them, and it is pure: no node, no storage.

use codec::{Decode, Encode};
use sc_consensus_grandpa::{find_forced_change, find_scheduled_change, GrandpaJustification};
use serde::{Deserialize, Serialize};
use sp_consensus_grandpa::{AuthorityId, AuthorityList, AuthorityWeight, SetId};
use sp_core::H256;
use sp_runtime::traits::Header as _;

use super::{Block, Header};

/// One GRANDPA voter of a set: its public key and weight.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Authority {
	/// The ed25519 public key, `0x` hex.
	#[serde(with = "seqchain_primitives::inbox::rpc::hash_hex")]
	pub key: [u8; 32],
	/// Its voting weight.
	pub weight: AuthorityWeight,
}

/// Converts a set to the SDK's type.
pub fn authority_list(set: &[Authority]) -> AuthorityList {
	set.iter()
		.map(|a| (AuthorityId::from(sp_core::ed25519::Public::from_raw(a.key)), a.weight))
		.collect()
}

/// Converts the SDK's set to the cursor's.
pub fn authorities(list: &AuthorityList) -> Vec<Authority> {
	list.iter()
		.map(|(id, weight)| Authority { key: id.clone().into_inner().0, weight: *weight })
		.collect()
}

/// A set change announced but not yet enacted: the set that takes over after block `at`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PendingChange {
	/// The last block the current set finalizes.
	pub at: u32,
	/// The next set.
	pub next: Vec<Authority>,
}

/// What the client trusts: a finalized block, and the authority set that finalizes the blocks
/// after it. Kept in the cursor, so a restart continues from here rather than from genesis.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Trusted {
	/// The last block proven final.
	pub number: u32,
	/// Its hash.
	#[serde(with = "seqchain_primitives::inbox::rpc::hash_hex")]
	pub hash: [u8; 32],
	/// The id of the set that finalizes the blocks after it.
	pub set_id: SetId,
	/// That set.
	pub authorities: Vec<Authority>,
	/// A change of set announced in a block up to `number` and enacted after it.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub pending: Option<PendingChange>,
}

/// Why a finality proof was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum FinalityError {
	/// The proof carries no header.
	NoHeaders,
	/// A header does not follow the one before it (or the first does not follow the trusted
	/// block): it is not in the chain the client trusts.
	NotInChain { number: u32 },
	/// The justification does not decode.
	Undecodable,
	/// The justification finalizes another block than the last header.
	WrongTarget { number: u32, expected: u32 },
	/// The justification is invalid for the set the client tracks: a forged or missing
	/// signature, less than two thirds of the set's weight, votes for another chain, or a set
	/// that is not the one in force (a justification of an old set after the handoff).
	BadJustification { set_id: SetId, reason: String },
	/// The headers enact a set change at block `at`, before the justified block: the old set's
	/// justification must be for block `at` itself.
	PastSetChange { at: u32, target: u32 },
	/// A header announces a forced set change, which only governance's emergency call makes
	/// and which a client cannot follow from the chain alone.
	ForcedChange { number: u32 },
	/// Two set changes announced before the first was enacted.
	OverlappingChanges { number: u32 },
}

impl core::fmt::Display for FinalityError {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		match self {
			Self::NoHeaders => write!(f, "a finality proof without headers"),
			Self::NotInChain { number } => write!(
				f,
				"header {number} does not descend from the last finalized block this client \
				 verified: it is not in the chain"
			),
			Self::Undecodable => write!(f, "the GRANDPA justification does not decode"),
			Self::WrongTarget { number, expected } => write!(
				f,
				"the GRANDPA justification finalizes block {number}, not block {expected} it \
				 came with"
			),
			Self::BadJustification { set_id, reason } => write!(
				f,
				"the GRANDPA justification is not valid for authority set {set_id} ({reason}): \
				 forged, short of two thirds of the set's weight, or signed by another set"
			),
			Self::PastSetChange { at, target } => write!(
				f,
				"the authority set changed after block {at}, but the justification is for \
				 block {target}: the old set's justification must be for block {at}"
			),
			Self::ForcedChange { number } => write!(
				f,
				"block {number} forces a change of the GRANDPA authority set (an emergency \
				 call): a client cannot follow it from the chain alone; start again from a \
				 trusted chain spec or cursor"
			),
			Self::OverlappingChanges { number } => {
				write!(f, "block {number} announces a set change while another is pending")
			},
		}
	}
}

/// A header the client verified: final, in the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
	/// The number.
	pub number: u32,
	/// The hash.
	pub hash: H256,
	/// The header.
	pub header: Header,
}

impl Trusted {
	/// The chain's genesis, finalized by the genesis set (set id 0).
	pub fn genesis(hash: H256, set: &AuthorityList) -> Self {
		Self { number: 0, hash: hash.0, set_id: 0, authorities: authorities(set), pending: None }
	}

	/// Checks `justification` (SCALE-encoded) against the set in force, before anything else
	/// is fetched on its word: the block it finalizes, `(number, hash)`, is then authentic, and
	/// headers fetched back from it by parent hash are the chain's.
	pub fn check(&self, justification: &[u8]) -> Result<(u32, H256), FinalityError> {
		let justification = GrandpaJustification::<Block>::decode(justification)
			.map_err(|_| FinalityError::Undecodable)?;
		justification.verify(self.set_id, &authority_list(&self.authorities)).map_err(|e| {
			FinalityError::BadJustification { set_id: self.set_id, reason: e.to_string() }
		})?;
		Ok(justification.target())
	}

	/// Checks that `headers` (every header after the trusted block, in order) descend from the
	/// trusted block, and that `justification` (SCALE-encoded) finalizes the last of them with
	/// the set in force. Gives the new trusted state and the headers, now final.
	///
	/// A set change announced in the headers and enacted at block `at` moves the trusted set to
	/// the next one only when the justified block is `at` itself: the old set's last act.
	pub fn advance(
		&self,
		headers: &[Header],
		justification: &[u8],
	) -> Result<(Trusted, Vec<Verified>), FinalityError> {
		let mut parent = (self.number, H256(self.hash));
		let mut pending = self.pending.clone();
		let mut verified = Vec::with_capacity(headers.len());
		for header in headers {
			let number = *header.number();
			if Some(number) != parent.0.checked_add(1) || *header.parent_hash() != parent.1 {
				return Err(FinalityError::NotInChain { number });
			}
			if find_forced_change::<Block>(header).is_some() {
				return Err(FinalityError::ForcedChange { number });
			}
			if let Some(change) = find_scheduled_change::<Block>(header) {
				if pending.is_some() {
					return Err(FinalityError::OverlappingChanges { number });
				}
				pending = Some(PendingChange {
					at: number.saturating_add(change.delay),
					next: authorities(&change.next_authorities),
				});
			}
			let hash = header.hash();
			verified.push(Verified { number, hash, header: header.clone() });
			parent = (number, hash);
		}
		let Some(target) = verified.last() else { return Err(FinalityError::NoHeaders) };
		let target_number = target.number;
		if let Some(at) = pending.as_ref().map(|p| p.at).filter(|at| *at < target_number) {
			return Err(FinalityError::PastSetChange { at, target: target_number });
		}
		let justification = GrandpaJustification::<Block>::decode(justification)
			.map_err(|_| FinalityError::Undecodable)?;
		let (number, hash) = justification.target();
		if (number, hash) != (target_number, target.hash) {
			return Err(FinalityError::WrongTarget { number, expected: target_number });
		}
		justification.verify(self.set_id, &authority_list(&self.authorities)).map_err(|e| {
			FinalityError::BadJustification { set_id: self.set_id, reason: e.to_string() }
		})?;
		let mut next = Trusted {
			number: target_number,
			hash: target.hash.0,
			set_id: self.set_id,
			authorities: self.authorities.clone(),
			pending,
		};
		if let Some(change) = next.pending.take_if(|p| p.at == target_number) {
			next.set_id = next.set_id.saturating_add(1);
			next.authorities = change.next;
		}
		Ok((next, verified))
	}
}

/// A justification as the node's `grandpa_proveFinality` wraps it: the justified block's hash,
/// the justification, and headers after the block asked about up to the justified one.
#[derive(Decode, Encode, Debug)]
pub struct FinalityProof {
	/// The justified block.
	pub block: H256,
	/// Its justification, SCALE-encoded.
	pub justification: Vec<u8>,
	/// Headers after the block asked about, up to and including the justified one.
	pub unknown_headers: Vec<Header>,
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use sp_consensus_grandpa::{
		AuthoritySignature, ConsensusLog, ScheduledChange, GRANDPA_ENGINE_ID,
	};
	use sp_core::{ed25519, Pair};
	use sp_runtime::{generic::Digest, DigestItem};

	/// A set of `n` voters of weight 1, from seeds `tag`.
	pub fn voters(tag: &str, n: usize) -> Vec<ed25519::Pair> {
		(0..n)
			.map(|i| ed25519::Pair::from_string(&format!("//{tag}{i}"), None).expect("seed"))
			.collect()
	}

	pub fn list(set: &[ed25519::Pair]) -> AuthorityList {
		set.iter().map(|p| (AuthorityId::from(p.public()), 1)).collect()
	}

	/// `n` headers after `(number, hash)`; `change` puts a set change to `next` in the header
	/// of that number.
	pub fn chain(after: (u32, H256), n: u32, change: Option<(u32, &AuthorityList)>) -> Vec<Header> {
		let mut out: Vec<Header> = Vec::new();
		let (mut number, mut parent) = after;
		for _ in 0..n {
			number += 1;
			let mut digest = Digest::default();
			if let Some((at, next)) = change.filter(|(at, _)| *at == number) {
				let _ = at;
				digest.push(DigestItem::Consensus(
					GRANDPA_ENGINE_ID,
					ConsensusLog::<u32>::ScheduledChange(ScheduledChange {
						next_authorities: next.clone(),
						delay: 0,
					})
					.encode(),
				));
			}
			let header = Header::new(number, H256::zero(), H256::zero(), parent, digest);
			parent = header.hash();
			out.push(header);
		}
		out
	}

	/// A justification of `target` signed by the first `signers` of `set`, with `set_id`.
	pub fn justify(target: &Header, set: &[ed25519::Pair], signers: usize, set_id: u64) -> Vec<u8> {
		let precommit = finality_grandpa::Precommit {
			target_hash: target.hash(),
			target_number: *target.number(),
		};
		let round = 1;
		let message = finality_grandpa::Message::Precommit(precommit.clone());
		let payload = sp_consensus_grandpa::localized_payload(round, set_id, &message);
		let precommits = set[..signers]
			.iter()
			.map(|p| finality_grandpa::SignedPrecommit {
				precommit: precommit.clone(),
				signature: AuthoritySignature::from(p.sign(&payload)),
				id: AuthorityId::from(p.public()),
			})
			.collect();
		sp_consensus_grandpa::GrandpaJustification::<Header> {
			round,
			commit: finality_grandpa::Commit {
				target_hash: target.hash(),
				target_number: *target.number(),
				precommits,
			},
			votes_ancestries: Vec::new(),
		}
		.encode()
	}

	fn genesis(set: &[ed25519::Pair]) -> Trusted {
		Trusted::genesis(H256([7; 32]), &list(set))
	}

	#[test]
	fn a_justification_of_two_thirds_finalizes_the_headers() {
		let set = voters("a", 4);
		let trusted = genesis(&set);
		let headers = chain((0, H256([7; 32])), 5, None);
		let (next, verified) =
			trusted.advance(&headers, &justify(&headers[4], &set, 3, 0)).unwrap();
		assert_eq!((next.number, next.hash, next.set_id), (5, headers[4].hash().0, 0));
		assert_eq!(verified.len(), 5);
		// Two of four is not more than two thirds.
		assert!(matches!(
			trusted.advance(&headers, &justify(&headers[4], &set, 2, 0)),
			Err(FinalityError::BadJustification { set_id: 0, .. })
		));
	}

	#[test]
	fn forged_foreign_and_misplaced_justifications_are_refused() {
		let set = voters("a", 4);
		let trusted = genesis(&set);
		let headers = chain((0, H256([7; 32])), 3, None);
		// Signed by strangers.
		let strangers = voters("x", 4);
		assert!(matches!(
			trusted.advance(&headers, &justify(&headers[2], &strangers, 4, 0)),
			Err(FinalityError::BadJustification { .. })
		));
		// The right keys, signing for another set id.
		assert!(matches!(
			trusted.advance(&headers, &justify(&headers[2], &set, 4, 1)),
			Err(FinalityError::BadJustification { .. })
		));
		// A signature altered.
		let mut bytes = justify(&headers[2], &set, 4, 0);
		let at = bytes.len() - 40;
		bytes[at] ^= 1;
		assert!(trusted.advance(&headers, &bytes).is_err());
		// A justification of another block than the last header.
		assert_eq!(
			trusted.advance(&headers, &justify(&headers[1], &set, 4, 0)),
			Err(FinalityError::WrongTarget { number: 2, expected: 3 })
		);
		// Garbage.
		assert_eq!(trusted.advance(&headers, b"nonsense"), Err(FinalityError::Undecodable));
		assert_eq!(trusted.advance(&[], b""), Err(FinalityError::NoHeaders));
	}

	#[test]
	fn headers_that_do_not_descend_from_the_trusted_block_are_refused() {
		let set = voters("a", 4);
		let trusted = genesis(&set);
		// A chain from another parent.
		let other = chain((0, H256([8; 32])), 3, None);
		assert_eq!(
			trusted.advance(&other, &justify(&other[2], &set, 4, 0)),
			Err(FinalityError::NotInChain { number: 1 })
		);
		// A gap.
		let headers = chain((0, H256([7; 32])), 3, None);
		let gapped = vec![headers[0].clone(), headers[2].clone()];
		assert_eq!(
			trusted.advance(&gapped, &justify(&headers[2], &set, 4, 0)),
			Err(FinalityError::NotInChain { number: 3 })
		);
	}

	/// Two handoffs: each set finalizes its last block, then the next set takes over, and a
	/// justification of the old set after the handoff is refused.
	#[test]
	fn the_set_is_followed_across_two_changes_and_the_old_one_is_refused_after_each() {
		let (a, b, c) = (voters("a", 4), voters("b", 3), voters("c", 5));
		let trusted = genesis(&a);
		let to_b = chain((0, H256([7; 32])), 4, Some((4, &list(&b))));
		// Set a cannot justify past its last block.
		let longer = [to_b.clone(), chain((4, to_b[3].hash()), 1, None)].concat();
		assert_eq!(
			trusted.advance(&longer, &justify(&longer[4], &a, 4, 0)),
			Err(FinalityError::PastSetChange { at: 4, target: 5 })
		);
		let (t1, _) = trusted.advance(&to_b, &justify(&to_b[3], &a, 4, 0)).unwrap();
		assert_eq!((t1.set_id, t1.authorities.clone()), (1, authorities(&list(&b))));
		let to_c = chain((4, to_b[3].hash()), 3, Some((7, &list(&c))));
		// The old set (with its old id, or the new id) no longer finalizes anything.
		assert!(matches!(
			t1.advance(&to_c, &justify(&to_c[2], &a, 4, 0)),
			Err(FinalityError::BadJustification { set_id: 1, .. })
		));
		assert!(t1.advance(&to_c, &justify(&to_c[2], &a, 4, 1)).is_err());
		let (t2, _) = t1.advance(&to_c, &justify(&to_c[2], &b, 3, 1)).unwrap();
		assert_eq!((t2.number, t2.set_id), (7, 2));
		let after = chain((7, to_c[2].hash()), 2, None);
		assert!(t2.advance(&after, &justify(&after[1], &b, 3, 1)).is_err());
		assert!(t2.advance(&after, &justify(&after[1], &b, 3, 2)).is_err());
		let (t3, _) = t2.advance(&after, &justify(&after[1], &c, 4, 2)).unwrap();
		assert_eq!((t3.number, t3.set_id), (9, 2));
		// The trusted state survives the cursor file.
		let json = serde_json::to_string(&t3).unwrap();
		assert_eq!(serde_json::from_str::<Trusted>(&json).unwrap(), t3);
	}

	/// What a justification finalizes is known only once the set's signatures are checked.
	#[test]
	fn a_justification_is_checked_before_its_target_is_used() {
		let set = voters("a", 4);
		let trusted = genesis(&set);
		let headers = chain((0, H256([7; 32])), 2, None);
		assert_eq!(trusted.check(&justify(&headers[1], &set, 3, 0)), Ok((2, headers[1].hash())));
		assert!(matches!(
			trusted.check(&justify(&headers[1], &voters("x", 4), 4, 0)),
			Err(FinalityError::BadJustification { .. })
		));
		assert_eq!(trusted.check(b""), Err(FinalityError::Undecodable));
	}

	#[test]
	fn a_forced_change_stops_the_client() {
		let a = voters("a", 4);
		let trusted = genesis(&a);
		let mut headers = chain((0, H256([7; 32])), 1, None);
		headers[0].digest.push(DigestItem::Consensus(
			GRANDPA_ENGINE_ID,
			ConsensusLog::<u32>::ForcedChange(
				0,
				ScheduledChange { next_authorities: list(&a), delay: 0 },
			)
			.encode(),
		));
		assert_eq!(
			trusted.advance(&headers, &justify(&headers[0], &a, 4, 0)),
			Err(FinalityError::ForcedChange { number: 1 })
		);
	}
}
