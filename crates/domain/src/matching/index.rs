//! An in-memory index of the open reports of one kind, with blocking.
//!
//! Each entry is filed under its blocking keys (see [`super::blocking`]). A query scores only the
//! entries that share at least one key with it, in parallel when the `parallel` feature is on.

use std::collections::HashMap;
use std::hash::Hash;

use crate::codes::ReportKind;

use super::blocking::{entry_keys, query_keys};
use super::compare::{MAX_PLAUSIBLE_AGE_GAP, age_gap};
use super::{Features, Model, Scored, probability_of};

/// Blocks with more entries than this are skipped by queries, since a key shared by that many
/// reports does not narrow the search. NOTE: a pair that meets only in such a block is never
/// scored. In a national synthetic index of a million missing reports, 94 of 100 true pairs still
/// meet in a smaller block, and 87 of the 90 that score above [`super::DEFAULT_THRESHOLD`] do
/// (measured by `benches/matcher.rs`).
pub const MAX_BLOCK_SIZE: usize = 8_000;

/// Largest state and language block a query visits. Such a block holds every report of a state
/// that speaks its language and shares a year of birth, so it helps only in smaller states and
/// smaller indexes.
pub const MAX_WIDE_BLOCK_SIZE: usize = 2_000;

/// Days a found date may precede a last-seen date before the pair is not scored at all.
const MAX_DAYS_FOUND_BEFORE_MISSING: i64 = 30;

/// One stored report.
#[derive(Debug, Clone)]
struct Entry<K> {
    key: K,
    features: Features,
    blocks: Vec<u64>,
}

/// The open reports of one kind (all missing or all found), keyed by the caller's id.
#[derive(Debug, Clone)]
pub struct MatchIndex<K> {
    slots: Vec<Option<Entry<K>>>,
    free: Vec<u32>,
    positions: HashMap<K, u32>,
    blocks: HashMap<u64, Vec<u32>>,
    model: Model,
}

impl<K> Default for MatchIndex<K>
where
    K: Copy + Eq + Hash + Send + Sync,
{
    fn default() -> Self {
        Self::new()
    }
}

impl<K> MatchIndex<K>
where
    K: Copy + Eq + Hash + Send + Sync,
{
    /// Creates an empty index.
    pub fn new() -> Self {
        MatchIndex {
            slots: Vec::new(),
            free: Vec::new(),
            positions: HashMap::new(),
            blocks: HashMap::new(),
            model: Model::prior(),
        }
    }

    /// Scores pairs with `model` from now on; a new index uses [`Model::prior`].
    pub fn set_model(&mut self, model: Model) {
        self.model = model;
    }

    /// Returns the model pairs are scored with.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Returns the `(entry key, query position)` pairs a model is fitted on: the plausible
    /// candidates of every query, or of a fixed pseudo-random sample of the queries when there
    /// would be more than about twice [`super::MAX_FIT_PAIRS`]. The first 200 queries tell how
    /// many candidates a query has.
    pub fn fit_candidates(&self, queries: &[Features]) -> Vec<(K, u32)> {
        let probe = queries.len().min(200);
        let probed: usize = queries[..probe]
            .iter()
            .map(|q| self.plausible_candidates(q).len())
            .sum();
        let expected = probed as f64 / probe.max(1) as f64 * queries.len() as f64;
        let share = (2.0 * super::MAX_FIT_PAIRS as f64 / expected.max(1.0)).min(1.0);
        let cut = (share * f64::from(u32::MAX)) as u64;
        let candidates_of = |(position, query): (usize, &Features)| {
            let position = position as u32;
            if u64::from(sample_hash(position)) > cut {
                return Vec::new();
            }
            self.plausible_candidates(query)
                .into_iter()
                .map(|key| (key, position))
                .collect::<Vec<_>>()
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            queries
                .par_iter()
                .enumerate()
                .flat_map_iter(candidates_of)
                .collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            queries.iter().enumerate().flat_map(candidates_of).collect()
        }
    }

    /// Lists every report in the index, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = (&K, &Features)> {
        self.slots
            .iter()
            .flatten()
            .map(|entry| (&entry.key, &entry.features))
    }

    /// Features of the report with this key.
    pub fn features(&self, key: &K) -> Option<&Features> {
        let slot = *self.positions.get(key)?;
        self.entry(slot).map(|e| &e.features)
    }

    /// Adds a report, replacing the entry with the same key if there is one.
    pub fn insert(&mut self, key: K, features: Features) {
        self.remove(&key);
        let blocks = entry_keys(&features);
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                let slot =
                    u32::try_from(self.slots.len()).expect("an index has fewer than 2^32 slots");
                self.slots.push(None);
                slot
            }
        };
        for block in &blocks {
            self.blocks.entry(*block).or_default().push(slot);
        }
        self.slots[slot as usize] = Some(Entry {
            key,
            features,
            blocks,
        });
        self.positions.insert(key, slot);
    }

    /// Removes the report with this key; does nothing when it is absent.
    pub fn remove(&mut self, key: &K) {
        let Some(slot) = self.positions.remove(key) else {
            return;
        };
        let Some(entry) = self.slots[slot as usize].take() else {
            return;
        };
        for block in &entry.blocks {
            let Some(members) = self.blocks.get_mut(block) else {
                continue;
            };
            if let Some(at) = members.iter().position(|&s| s == slot) {
                members.swap_remove(at);
            }
            if members.is_empty() {
                self.blocks.remove(block);
            }
        }
        self.free.push(slot);
    }

    /// Number of reports in the index.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// Returns whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Returns the candidates of the other kind whose probability is at least `threshold`, best
    /// first, at most `limit` of them. Entries of the same kind as `query` are never returned.
    pub fn best_matches(&self, query: &Features, threshold: f64, limit: usize) -> Vec<(K, Scored)> {
        if limit == 0 {
            return Vec::new();
        }
        let candidates = self.candidate_slots(query);
        let mut hits = self.score_slots(query, &candidates, threshold);
        hits.sort_by(|a, b| b.1.total_cmp(&a.1));
        hits.truncate(limit);
        hits.into_iter()
            .filter_map(|(slot, _)| self.entry(slot))
            .map(|entry| (entry.key, self.model.score(query, &entry.features)))
            .collect()
    }

    /// Returns every candidate of the other kind that is not ruled out and whose probability is
    /// at least `floor`, with its log2-odds, in no particular order and without explanations:
    /// what [`super::one_to_one`] needs.
    pub fn candidate_log_odds(&self, query: &Features, floor: f64) -> Vec<(K, f64)> {
        let candidates = self.candidate_slots(query);
        self.score_slots(query, &candidates, floor)
            .into_iter()
            .filter_map(|(slot, bits)| Some((self.entry(slot)?.key, bits)))
            .collect()
    }

    /// Returns the keys of the candidates that would be scored: those sharing a blocking key with
    /// `query` that are of the other kind and not ruled out by dates or ages. These are the pairs a
    /// model is estimated on.
    pub fn plausible_candidates(&self, query: &Features) -> Vec<K> {
        self.candidate_slots(query)
            .into_iter()
            .filter_map(|slot| self.entry(slot))
            .filter(|e| plausible_pair(query, &e.features).is_some())
            .map(|e| e.key)
            .collect()
    }

    /// Returns the keys of the entries `query` would be scored against, before any threshold. It is
    /// for measuring how well blocking keeps true pairs and how large candidate sets are.
    pub fn candidates(&self, query: &Features) -> Vec<K> {
        self.candidate_slots(query)
            .into_iter()
            .filter_map(|slot| self.entry(slot))
            .map(|e| e.key)
            .collect()
    }

    fn entry(&self, slot: u32) -> Option<&Entry<K>> {
        self.slots.get(slot as usize).and_then(Option::as_ref)
    }

    fn candidate_slots(&self, query: &Features) -> Vec<u32> {
        let (narrow, wide) = query_keys(query);
        let visited = narrow
            .iter()
            .map(|b| (b, MAX_BLOCK_SIZE))
            .chain(wide.iter().map(|b| (b, MAX_WIDE_BLOCK_SIZE)));
        // An entry sits in several of the blocks a query visits (one per year of birth, say). A bit
        // per slot drops the repeats without sorting every gathered id.
        let mut seen = vec![0u64; self.slots.len().div_ceil(64)];
        let mut slots = Vec::new();
        for (block, max_size) in visited {
            let Some(members) = self.blocks.get(block) else {
                continue;
            };
            if members.len() > max_size {
                continue;
            }
            for &slot in members {
                let (word, bit) = (slot as usize / 64, 1u64 << (slot % 64));
                if seen[word] & bit == 0 {
                    seen[word] |= bit;
                    slots.push(slot);
                }
            }
        }
        slots
    }

    fn score_slots(&self, query: &Features, slots: &[u32], threshold: f64) -> Vec<(u32, f64)> {
        let score = |&slot: &u32| {
            let entry = self.entry(slot)?;
            let bits = ordered_bits(&self.model, query, &entry.features)?;
            (probability_of(bits) >= threshold).then_some((slot, bits))
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            slots
                .par_iter()
                .with_min_len(256)
                .filter_map(score)
                .collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            slots.iter().filter_map(score).collect()
        }
    }
}

/// Hashes a query position to a fixed pseudo-random number, for sampling.
fn sample_hash(position: u32) -> u32 {
    let mut x = position.wrapping_mul(0x9E37_79B9) ^ 0x85EB_CA6B;
    x ^= x >> 16;
    x = x.wrapping_mul(0x7FEB_352D);
    x ^= x >> 15;
    x
}

/// Scores a query against an entry of the other kind, missing report first.
///
/// Returns `None` for an entry of the same kind and for an impossible pair, which is one found
/// long before the child went missing or with ages too far apart to be one child.
fn ordered_bits(model: &Model, query: &Features, entry: &Features) -> Option<f64> {
    let (missing, found) = plausible_pair(query, entry)?;
    Some(model.total_bits(missing, found))
}

/// Orders the pair as `(missing, found)`; returns `None` when it is of one kind or impossible.
fn plausible_pair<'a>(
    query: &'a Features,
    entry: &'a Features,
) -> Option<(&'a Features, &'a Features)> {
    if entry.kind == query.kind {
        return None;
    }
    let (missing, found) = match query.kind {
        ReportKind::Missing => (query, entry),
        ReportKind::Found => (entry, query),
    };
    let days = i64::from(found.event_day - missing.event_day);
    if days < -MAX_DAYS_FOUND_BEFORE_MISSING {
        return None;
    }
    if age_gap(missing, found).is_some_and(|gap| gap > MAX_PLAUSIBLE_AGE_GAP) {
        return None;
    }
    Some((missing, found))
}
