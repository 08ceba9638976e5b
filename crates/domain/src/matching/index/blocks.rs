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
        match self.keys.binary_search(&key) {
            Ok(i) => &self.slots[self.offsets[i] as usize..self.offsets[i + 1] as usize],
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
            keys,
            offsets,
            slots,
            ..Blocks::default()
        };
    }
}
