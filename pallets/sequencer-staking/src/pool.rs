//! Stake pools: share accounting with no storage access.
//!
//! Each sequencer has one active pool, and every era in which somebody starts unbonding from it
//! gets an unbonding pool. A pool holds `stake` (tokens) claimed by `shares`; a member owns some
//! shares and is owed `shares * stake / total_shares`. A slash lowers `stake` alone, so every
//! share loses value pro rata at once: slashing is O(1) whatever the number of members. This is
//! the design of FRAME's nomination pools.
//!
//! Rounding always favours the pool: shares minted and value paid out round down, so the pool's
//! stake never falls below what its shares are worth.

use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, traits::Zero, Rounding};

/// Why a pool operation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolError {
	/// The pool was slashed to nothing while shares remain: they are worthless, and new stake
	/// would be shared with them. The pool takes no stake until its shares are gone.
	Depleted,
	/// The amount would buy no share (it is worth less than one share).
	TooSmall,
	/// More shares than the pool has were asked for.
	NotEnoughShares,
	/// The arithmetic overflowed `u128`.
	Overflow,
}

/// A pool of stake and the shares that claim it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pool {
	/// Tokens in the pool.
	pub stake: u128,
	/// Shares outstanding.
	pub shares: u128,
}

impl Pool {
	/// `a * b / c`, rounded down; `None` on overflow or division by zero.
	fn mul_div(a: u128, b: u128, c: u128) -> Option<u128> {
		if c.is_zero() {
			return None;
		}
		multiply_by_rational_with_rounding(a, b, c, Rounding::Down)
	}

	/// Shares that `amount` buys now. An empty pool (no shares) mints one share per token.
	pub fn shares_for(&self, amount: u128) -> Result<u128, PoolError> {
		if self.shares.is_zero() {
			return Ok(amount);
		}
		if self.stake.is_zero() {
			return Err(PoolError::Depleted);
		}
		Self::mul_div(amount, self.shares, self.stake).ok_or(PoolError::Overflow)
	}

	/// Tokens `shares` are worth now, rounded down.
	pub fn value_of(&self, shares: u128) -> u128 {
		if shares >= self.shares {
			return if shares == self.shares { self.stake } else { 0 };
		}
		// `shares < self.shares`, so the result is below `stake` and cannot overflow.
		Self::mul_div(shares, self.stake, self.shares).unwrap_or(0)
	}

	/// Adds `amount` to the pool; returns the shares minted for it.
	pub fn join(&mut self, amount: u128) -> Result<u128, PoolError> {
		let minted = self.shares_for(amount)?;
		if minted.is_zero() {
			return Err(PoolError::TooSmall);
		}
		let stake = self.stake.checked_add(amount).ok_or(PoolError::Overflow)?;
		let shares = self.shares.checked_add(minted).ok_or(PoolError::Overflow)?;
		self.stake = stake;
		self.shares = shares;
		Ok(minted)
	}

	/// Burns `shares`; returns the tokens they were worth, which leave the pool.
	pub fn leave(&mut self, shares: u128) -> Result<u128, PoolError> {
		if shares > self.shares {
			return Err(PoolError::NotEnoughShares);
		}
		let value = self.value_of(shares);
		self.shares -= shares;
		self.stake -= value;
		Ok(value)
	}

	/// Shares worth at least `amount` tokens (rounded up), capped at `available`: what a member
	/// holding `available` shares must burn to take `amount` out.
	pub fn shares_to_withdraw(&self, amount: u128, available: u128) -> Result<u128, PoolError> {
		if self.stake.is_zero() {
			return Err(PoolError::Depleted);
		}
		let needed =
			multiply_by_rational_with_rounding(amount, self.shares, self.stake, Rounding::Up)
				.ok_or(PoolError::Overflow)?;
		if needed > available {
			return Err(PoolError::NotEnoughShares);
		}
		Ok(needed)
	}

	/// Takes up to `amount` from the pool's stake; returns what was taken. O(1): members are
	/// not touched, their shares are simply worth less.
	pub fn slash(&mut self, amount: u128) -> u128 {
		let taken = amount.min(self.stake);
		self.stake -= taken;
		taken
	}

	/// Adds `amount` to the stake without minting shares: a reward shared by all members.
	pub fn reward(&mut self, amount: u128) -> Result<(), PoolError> {
		self.stake = self.stake.checked_add(amount).ok_or(PoolError::Overflow)?;
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn empty_pool_mints_one_share_per_token() {
		let mut pool = Pool::default();
		assert_eq!(pool.join(100), Ok(100));
		assert_eq!(pool, Pool { stake: 100, shares: 100 });
		assert_eq!(pool.value_of(40), 40);
	}

	#[test]
	fn slash_lowers_every_share_pro_rata() {
		let mut pool = Pool::default();
		let a = pool.join(300).unwrap();
		let b = pool.join(100).unwrap();
		assert_eq!(pool.slash(40), 40);
		assert_eq!(pool.value_of(a), 270);
		assert_eq!(pool.value_of(b), 90);
		// A new member buys at the slashed price: 90 tokens buy as many shares as b holds.
		assert_eq!(pool.shares_for(90), Ok(b));
	}

	#[test]
	fn slash_is_capped_at_the_stake() {
		let mut pool = Pool { stake: 10, shares: 10 };
		assert_eq!(pool.slash(25), 10);
		assert_eq!(pool.stake, 0);
		assert_eq!(pool.value_of(10), 0);
		assert_eq!(pool.join(5), Err(PoolError::Depleted));
	}

	#[test]
	fn leave_pays_the_share_value_and_rounds_for_the_pool() {
		let mut pool = Pool { stake: 10, shares: 3 };
		// One share is worth 3.33..: the member gets 3, the pool keeps the fraction.
		assert_eq!(pool.leave(1), Ok(3));
		assert_eq!(pool, Pool { stake: 7, shares: 2 });
		assert_eq!(pool.leave(2), Ok(7));
		assert_eq!(pool, Pool { stake: 0, shares: 0 });
		assert_eq!(pool.leave(1), Err(PoolError::NotEnoughShares));
	}

	#[test]
	fn tiny_amounts_buy_no_shares() {
		let mut pool = Pool { stake: 1_000, shares: 10 };
		assert_eq!(pool.join(50), Err(PoolError::TooSmall));
		assert_eq!(pool, Pool { stake: 1_000, shares: 10 });
	}

	#[test]
	fn shares_to_withdraw_rounds_up() {
		let pool = Pool { stake: 10, shares: 3 };
		// 4 tokens need 1.2 shares: 2 must be burned.
		assert_eq!(pool.shares_to_withdraw(4, 3), Ok(2));
		assert_eq!(pool.shares_to_withdraw(10, 3), Ok(3));
		assert_eq!(pool.shares_to_withdraw(11, 3), Err(PoolError::NotEnoughShares));
	}

	#[test]
	fn reward_raises_every_share() {
		let mut pool = Pool::default();
		let a = pool.join(100).unwrap();
		pool.reward(50).unwrap();
		assert_eq!(pool.value_of(a), 150);
	}

	#[test]
	fn large_values_do_not_overflow() {
		let mut pool = Pool::default();
		let big = u128::MAX / 4;
		pool.join(big).unwrap();
		pool.slash(big / 3);
		let minted = pool.join(big).unwrap();
		assert!(minted > big);
		assert!(pool.value_of(minted) <= big);
	}
}
