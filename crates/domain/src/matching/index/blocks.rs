//! The slots each blocking key lists, in flat arrays.
//!
//! A map from each key to its own vector costs a map entry and a heap allocation per key, and
//! most name-pair keys list only a few reports. [`Blocks`] instead keeps a frozen part in
//! compressed sparse row form (sorted keys, offsets, slots) and a recent part of chained nodes
//! for the slots added since the last [`Blocks::rebuild`]. Removed slots stay listed until the
//! rebuild, and a count of them per key keeps block sizes exact.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

/// Ends a chain of recent nodes.
const NO_NODE: u32 = u32::MAX;

/// The recent members of one block: a chain through [`Blocks::nodes`], oldest first.
#[derive(Debug, Clone, Copy)]
struct Chain {
    first: u32,
    last: u32,
    len: u32,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    slot: u32,
    next: u32,
}

/// Block membership: for each blocking key, the slots filed under it in ascending order.
#[derive(Default, Clone)]
pub(super) struct Blocks {
    /// Keys of the frozen part, ascending.
    keys: Vec<u64>,
    /// The keys whose top bits are `b` are `keys[buckets.starts[b]..buckets.starts[b + 1]]`.
    buckets: Buckets,
    /// Block `i` of the frozen part is `slots[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<u32>,
    slots: Vec<u32>,
    /// Chains of the slots added since the last rebuild, by key.
    recent: HashMap<u64, Chain>,
    nodes: Vec<Node>,
    /// Removed slots still listed, by key.
    removed: HashMap<u64, u32>,
}

impl fmt::Debug for Blocks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Blocks")
            .field("frozen_keys", &self.keys.len())
            .field("frozen_slots", &self.slots.len())
            .field("recent_keys", &self.recent.len())
            .field("recent_slots", &self.nodes.len())
            .field("removed_keys", &self.removed.len())
            .finish()
    }
}

impl Blocks {
    /// Files `slot` under each of `keys`. The slot must be above every slot filed so far, which
    /// keeps every block in ascending order.
    pub(super) fn add(&mut self, slot: u32, keys: &[u64]) {
        for &key in keys {
            let node = u32::try_from(self.nodes.len())
                .ok()
                .filter(|&node| node != NO_NODE)
                .expect("fewer than 2^32 - 1 block members are added between rebuilds");
            self.nodes.push(Node {
                slot,
                next: NO_NODE,
            });
            match self.recent.entry(key) {
                Entry::Occupied(mut chain) => {
                    let chain = chain.get_mut();
                    self.nodes[chain.last as usize].next = node;
                    chain.last = node;
                    chain.len += 1;
                }
                Entry::Vacant(vacant) => {
                    vacant.insert(Chain {
                        first: node,
                        last: node,
                        len: 1,
                    });
                }
            }
        }
    }

    /// Records that a slot filed under `keys` was removed. It stays listed until the next
    /// rebuild, and callers skip it by their own record of live slots.
    pub(super) fn note_removed(&mut self, keys: &[u64]) {
        for &key in keys {
            *self.removed.entry(key).or_default() += 1;
        }
    }

    /// Members added since the last rebuild.
    pub(super) fn recent_len(&self) -> usize {
        self.nodes.len()
    }

    /// Members of the frozen part, removed ones included.
    pub(super) fn frozen_len(&self) -> usize {
        self.slots.len()
    }

    fn frozen(&self, key: u64) -> &[u32] {
        let (start, end) = self.buckets.range(key);
        match self.keys[start..end].binary_search(&key) {
            Ok(i) => {
                let i = start + i;
                &self.slots[self.offsets[i] as usize..self.offsets[i + 1] as usize]
            }
            Err(_) => &[],
        }
    }

    /// Calls `visit` with every slot filed under `key`, removed ones included, in ascending
    /// order, unless the block has more than `max_live` live members.
    pub(super) fn visit(&self, key: u64, max_live: usize, mut visit: impl FnMut(u32)) {
        let frozen = self.frozen(key);
        let chain = self.recent.get(&key);
        let listed = frozen.len() + chain.map_or(0, |c| c.len as usize);
        let removed = self.removed.get(&key).map_or(0, |&n| n as usize);
        if listed.saturating_sub(removed) > max_live {
            return;
        }
        for &slot in frozen {
            visit(slot);
        }
        let mut node = chain.map_or(NO_NODE, |c| c.first);
        while node != NO_NODE {
            let Node { slot, next } = self.nodes[node as usize];
            visit(slot);
            node = next;
        }
    }

    /// Merges the recent part into the frozen part, renumbering every slot by `new_slot` and
    /// dropping those it maps to `None`, which must be exactly the removed ones.
    pub(super) fn rebuild(&mut self, new_slot: impl Fn(u32) -> Option<u32>) {
        let mut recent: Vec<(u64, Chain)> = self.recent.drain().collect();
        recent.sort_unstable_by_key(|&(key, _)| key);
        let mut keys = Vec::with_capacity(self.keys.len() + recent.len());
        let mut offsets = Vec::with_capacity(keys.capacity() + 1);
        let mut slots = Vec::with_capacity(self.slots.len() + self.nodes.len());
        offsets.push(0);

        let (mut frozen, mut recent) = (
            self.keys.iter().enumerate().peekable(),
            recent.into_iter().peekable(),
        );
        loop {
            let key = match (frozen.peek(), recent.peek()) {
                (Some(&(_, &a)), Some(&(b, _))) => a.min(b),
                (Some(&(_, &a)), None) => a,
                (None, Some(&(b, _))) => b,
                (None, None) => break,
            };
            // Frozen slots come before recent ones, which were all added later with higher slots.
            if let Some((i, _)) = frozen.next_if(|&(_, &k)| k == key) {
                let members = &self.slots[self.offsets[i] as usize..self.offsets[i + 1] as usize];
                slots.extend(members.iter().filter_map(|&slot| new_slot(slot)));
            }
            if let Some((_, chain)) = recent.next_if(|&(k, _)| k == key) {
                let mut node = chain.first;
                while node != NO_NODE {
                    let Node { slot, next } = self.nodes[node as usize];
                    slots.extend(new_slot(slot));
                    node = next;
                }
            }

            let end =
                u32::try_from(slots.len()).expect("an index has fewer than 2^32 block members");
            if offsets.last() != Some(&end) {
                keys.push(key);
                offsets.push(end);
            }
        }

        keys.shrink_to_fit();
        offsets.shrink_to_fit();
        slots.shrink_to_fit();
        *self = Blocks {
            buckets: Buckets::new(&keys),
            keys,
            offsets,
            slots,
            ..Blocks::default()
        };
    }
}

/// Start positions of the frozen keys by their top bits, so that finding a key searches a few
/// neighbouring keys instead of all of them. The keys are hashes, so their top bits spread
/// evenly. A binary search over all keys of a large index waits on memory at most of its steps,
/// about 20 for a million keys.
#[derive(Debug, Default, Clone)]
struct Buckets {
    /// Number of top bits a bucket is chosen by, 0 for a single bucket.
    bits: u32,
    /// Start of each bucket in the keys, with the number of keys as last entry. Empty when there
    /// are no keys.
    starts: Vec<u32>,
}

/// Keys per bucket that [`Buckets::new`] aims at. A bucket's keys then share a cache line or two.
const KEYS_PER_BUCKET: usize = 8;

impl Buckets {
    /// Builds the buckets of `keys`, which must be ascending.
    fn new(keys: &[u64]) -> Buckets {
        if keys.is_empty() {
            return Buckets::default();
        }
        let buckets = (keys.len() / KEYS_PER_BUCKET).max(1);
        // The largest power of two at most `buckets`, so the table costs at most 4 bytes per
        // KEYS_PER_BUCKET keys.
        let bits = buckets.ilog2().min(24);
        let mut starts = Vec::with_capacity((1 << bits) + 1);
        let mut at = 0;
        for bucket in 0..1u64 << bits {
            while at < keys.len() && top_bits(keys[at], bits) < bucket {
                at += 1;
            }
            starts.push(u32::try_from(at).expect("an index has fewer than 2^32 block keys"));
        }
        starts.push(u32::try_from(keys.len()).expect("an index has fewer than 2^32 block keys"));
        Buckets { bits, starts }
    }

    /// Returns the range of the keys that share `key`'s bucket.
    fn range(&self, key: u64) -> (usize, usize) {
        if self.starts.is_empty() {
            return (0, 0);
        }
        let bucket = top_bits(key, self.bits) as usize;
        (
            self.starts[bucket] as usize,
            self.starts[bucket + 1] as usize,
        )
    }
}

/// Returns the top `bits` bits of `key`, or 0 when `bits` is 0.
fn top_bits(key: u64, bits: u32) -> u64 {
    key.checked_shr(64 - bits).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spreads `i` over all 64 bits, as the hashed blocking keys are.
    fn spread(i: u64) -> u64 {
        i.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) ^ (i << 7)
    }

    #[test]
    fn buckets_find_every_key() {
        for count in [0, 1, 7, 8, 9, 100, 5_000] {
            let mut keys: Vec<u64> = (0..count).map(spread).collect();
            keys.extend([0, u64::MAX]);
            keys.sort_unstable();
            keys.dedup();
            let buckets = Buckets::new(&keys);
            for (at, &key) in keys.iter().enumerate() {
                let (start, end) = buckets.range(key);
                assert!(
                    (start..end).contains(&at),
                    "{count} keys: key {at} outside {start}..{end}"
                );
            }
            let (start, end) = buckets.range(spread(count + 1));
            assert!(end <= keys.len(), "{count} keys: range ends at {end}");
            assert!(start <= end, "{count} keys: range {start}..{end}");
        }
    }

    #[test]
    fn frozen_blocks_after_rebuild() {
        let mut blocks = Blocks::default();
        for slot in 0..2_000u32 {
            blocks.add(slot, &[spread(u64::from(slot % 300)), spread(1_000_000)]);
        }
        blocks.rebuild(Some);

        assert_eq!(blocks.frozen(spread(1_000_000)).len(), 2_000);
        assert_eq!(
            blocks.frozen(spread(7)),
            &[7, 307, 607, 907, 1207, 1507, 1807]
        );
        assert!(blocks.frozen(spread(300)).is_empty());
    }
}
