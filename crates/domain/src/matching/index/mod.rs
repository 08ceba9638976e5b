//! An in-memory index of the open reports of one kind, with blocking.
//!
//! Each entry is filed under its blocking keys (see [`super::blocking`]). A query scores only the
//! entries that share at least one key with it, in parallel when the `parallel` feature is on.
//!
//! Entries are packed (see [`packed`]) and block members kept in flat arrays (see [`blocks`]), so
//! a report of the bench's synthetic index costs about 230 bytes instead of the 2 KB of its
//! [`Features`]. A removed or replaced report leaves a dead slot behind, which queries skip.
//! [`MatchIndex::rebuild`] drops the dead slots and freezes the blocks once enough has changed.

mod blocks;
mod intern;
mod packed;

use std::collections::HashMap;
use std::hash::Hash;

use crate::codes::ReportKind;

use super::blocking::{entry_keys, query_keys};
use super::compare::{MAX_PLAUSIBLE_AGE_GAP, age_gap};
use super::view::FeatureView;
use super::{Features, Model, Scored, probability_of};

use blocks::Blocks;
use packed::{Entries, EntryView};

/// Blocks with more entries than this are skipped by queries, since a key shared by that many
/// reports does not narrow the search. NOTE: a pair that meets only in such a block is never
/// scored. In a national synthetic index of a million missing reports, 97 of 100 true pairs still
/// meet in a smaller block, and 90 of the 92 that score above [`super::DEFAULT_THRESHOLD`] do
/// (measured by `benches/matcher.rs`).
pub const MAX_BLOCK_SIZE: usize = 8_000;

/// Largest state and language block a query visits. Such a block contains every report of a
/// state that speaks its language and shares a year of birth, so it helps only in smaller states
/// and smaller indexes.
pub const MAX_WIDE_BLOCK_SIZE: usize = 2_000;

/// Days a found date may precede a last-seen date before the pair is not scored at all.
const MAX_DAYS_FOUND_BEFORE_MISSING: i64 = 30;

/// Block members added since the last rebuild that trigger the next one, as a divisor of the
/// frozen members: one eighth. A recent member costs a chained node and a share of a map entry,
/// where a frozen one costs a 4-byte slot id. Each rebuild copies every member, so a smaller share
/// saves memory at the cost of more frequent rebuilds.
const RECENT_SHARE_DIVISOR: usize = 8;
/// Recent block members below which they start no rebuild, so an index of up to a few thousand
/// reports keeps all its blocks in the recent part.
const MIN_RECENT_FOR_REBUILD: usize = 1 << 16;
/// Dead slots that trigger a rebuild, as a divisor of the live ones: one eighth.
const DEAD_SHARE_DIVISOR: usize = 8;
/// Dead slots below which no rebuild starts.
const MIN_DEAD_FOR_REBUILD: usize = 1 << 12;

/// The open reports of one kind (all missing or all found), keyed by the caller's id.
#[derive(Debug, Clone)]
pub struct MatchIndex<K> {
    /// The caller's key of each slot, stale in dead slots.
    keys: Vec<K>,
    /// Bit `i` is set when slot `i` contains a report. Removing or replacing a report clears it.
    live: Vec<u64>,
    entries: Entries,
    positions: HashMap<K, u32>,
    blocks: Blocks,
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
            keys: Vec::new(),
            live: Vec::new(),
            entries: Entries::default(),
            positions: HashMap::new(),
            blocks: Blocks::default(),
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
    /// would be more than about twice [`super::MAX_FIT_PAIRS`]. The number of candidates per query
    /// is estimated from the first 200 queries.
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

    /// Lists every report in the index, in no particular order. The features are unpacked for
    /// each report, so this allocates as much as the reports' `Features` did.
    pub fn entries(&self) -> impl Iterator<Item = (&K, Features)> {
        (0..self.slot_count())
            .filter(|&slot| self.is_live(slot))
            .map(|slot| (&self.keys[slot as usize], self.entries.decode(slot)))
    }

    /// Features of the report with this key, unpacked from the index.
    pub fn features(&self, key: &K) -> Option<Features> {
        let slot = *self.positions.get(key)?;
        Some(self.entries.decode(slot))
    }

    /// Adds a report, replacing the entry with the same key if there is one.
    pub fn insert(&mut self, key: K, features: Features) {
        self.remove(&key);
        let slot = self.entries.push(&features);
        self.keys.push(key);
        if self.live.len() * 64 <= slot as usize {
            self.live.push(0);
        }
        self.set_live(slot);
        self.blocks.add(slot, &entry_keys(&features));
        self.positions.insert(key, slot);
        self.rebuild_if_due();
    }

    /// Removes the report with this key; does nothing when it is absent.
    pub fn remove(&mut self, key: &K) {
        let Some(slot) = self.positions.remove(key) else {
            return;
        };
        self.live[slot as usize / 64] &= !(1 << (slot % 64));
        // Blocking keys are not stored: unpacking gives back the same features, so the same keys.
        let features = self.entries.decode(slot);
        self.blocks.note_removed(&entry_keys(&features));
        self.rebuild_if_due();
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
            .map(|(slot, _)| {
                let entry = self.entries.view(slot);
                (
                    self.keys[slot as usize],
                    self.model.score_views(query, &entry),
                )
            })
            .collect()
    }

    /// Returns every candidate of the other kind that is not ruled out and whose probability is
    /// at least `floor`, with its log2-odds, in no particular order and without explanations:
    /// what [`super::one_to_one`] needs.
    pub fn candidate_log_odds(&self, query: &Features, floor: f64) -> Vec<(K, f64)> {
        let candidates = self.candidate_slots(query);
        self.score_slots(query, &candidates, floor)
            .into_iter()
            .map(|(slot, bits)| (self.keys[slot as usize], bits))
            .collect()
    }

    /// Returns the keys of the candidates that would be scored: those sharing a blocking key with
    /// `query` that are of the other kind and not ruled out by dates or ages. These are the pairs a
    /// model is estimated on.
    pub fn plausible_candidates(&self, query: &Features) -> Vec<K> {
        self.candidate_slots(query)
            .into_iter()
            .filter(|&slot| is_plausible(query, &self.entries.view(slot)))
            .map(|slot| self.keys[slot as usize])
            .collect()
    }

    /// Returns the keys of the entries `query` would be scored against, before any threshold. It is
    /// for measuring how well blocking keeps true pairs and how large candidate sets are.
    pub fn candidates(&self, query: &Features) -> Vec<K> {
        self.candidate_slots(query)
            .into_iter()
            .map(|slot| self.keys[slot as usize])
            .collect()
    }

    /// Drops the slots of removed and replaced reports, renumbering the others in order, and
    /// freezes every block. Inserts and removals call it when enough has changed. It takes time
    /// in proportion to the whole index, under the caller's exclusive borrow.
    pub(crate) fn rebuild(&mut self) {
        let slot_count = self.slot_count();
        let dead = slot_count as usize - self.positions.len();
        if dead > 0 {
            let live_slots: Vec<u32> = (0..slot_count).filter(|&s| self.is_live(s)).collect();
            let mut new_slots = vec![u32::MAX; slot_count as usize];
            for (new, &old) in live_slots.iter().enumerate() {
                new_slots[old as usize] = new as u32;
            }
            self.entries = self.entries.compact(live_slots.iter().copied());
            self.keys = live_slots.iter().map(|&s| self.keys[s as usize]).collect();
            for slot in self.positions.values_mut() {
                *slot = new_slots[*slot as usize];
            }
            self.live = vec![0; live_slots.len().div_ceil(64)];
            for slot in 0..live_slots.len() as u32 {
                self.set_live(slot);
            }
            self.blocks
                .rebuild(|slot| Some(new_slots[slot as usize]).filter(|&s| s != u32::MAX));
        } else {
            self.blocks.rebuild(Some);
        }
    }

    fn rebuild_if_due(&mut self) {
        let recent = self.blocks.recent_len();
        let dead = self.entries.len() - self.positions.len();
        let due = recent > MIN_RECENT_FOR_REBUILD
            && recent > self.blocks.frozen_len() / RECENT_SHARE_DIVISOR
            || dead > MIN_DEAD_FOR_REBUILD && dead > self.positions.len() / DEAD_SHARE_DIVISOR;
        if due {
            self.rebuild();
        }
    }

    /// Number of slots, dead ones included.
    fn slot_count(&self) -> u32 {
        // `Entries::push` keeps the count below 2^32.
        self.entries.len() as u32
    }

    fn set_live(&mut self, slot: u32) {
        self.live[slot as usize / 64] |= 1 << (slot % 64);
    }

    fn is_live(&self, slot: u32) -> bool {
        self.live[slot as usize / 64] & (1 << (slot % 64)) != 0
    }

    /// Returns the live slots of the blocks `query` visits, each once.
    fn candidate_slots(&self, query: &Features) -> Vec<u32> {
        let (narrow, wide) = query_keys(query);
        let visited = narrow
            .iter()
            .map(|b| (b, MAX_BLOCK_SIZE))
            .chain(wide.iter().map(|b| (b, MAX_WIDE_BLOCK_SIZE)));
        // An entry sits in several of the blocks a query visits (one per year of birth, say). A bit
        // per slot drops the repeats without sorting every gathered id. Dead slots start out
        // marked, so they are never gathered.
        let mut seen: Vec<u64> = self.live.iter().map(|word| !word).collect();
        let mut slots = Vec::new();
        for (&block, max_size) in visited {
            self.blocks.visit(block, max_size, |slot| {
                let (word, bit) = (slot as usize / 64, 1u64 << (slot % 64));
                if seen[word] & bit == 0 {
                    seen[word] |= bit;
                    slots.push(slot);
                }
            });
        }
        slots
    }

    fn score_slots(&self, query: &Features, slots: &[u32], threshold: f64) -> Vec<(u32, f64)> {
        // Comparing log-odds saves a power of two per pair. Near the bound, where rounding could
        // tell the two tests apart, the probability decides.
        let threshold_bits = if threshold <= 0.0 {
            f64::NEG_INFINITY
        } else if threshold < 1.0 {
            (threshold / (1.0 - threshold)).log2()
        } else {
            // Every pair then takes the exact test.
            f64::NAN
        };
        let score = |&slot: &u32| {
            let bits = ordered_bits(&self.model, query, &self.entries.view(slot))?;
            let keep = if (bits - threshold_bits).abs() > 1e-6 {
                bits > threshold_bits
            } else {
                probability_of(bits) >= threshold
            };
            keep.then_some((slot, bits))
        };
        // Blocking gathers slots in no useful order, so each run prefetches the records and name
        // words of the slots a little ahead, to have them in the cache when they are scored.
        let score_run = |run: &[u32]| {
            let mut hits = Vec::new();
            for (i, slot) in run.iter().enumerate() {
                if let Some(&ahead) = run.get(i + RECORD_LOOKAHEAD) {
                    self.entries.prefetch_record(ahead);
                }
                if let Some(&ahead) = run.get(i + WORDS_LOOKAHEAD) {
                    self.entries.prefetch_words(ahead);
                }
                hits.extend(score(slot));
            }
            hits
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            // A caller already on the thread pool, such as a batch scoring its queries in
            // parallel, keeps the cores busy itself.
            if rayon::current_thread_index().is_some() {
                return score_run(slots);
            }
            slots
                .par_chunks(SLOTS_PER_RUN)
                .flat_map_iter(score_run)
                .collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            score_run(slots)
        }
    }
}

/// Slots ahead of the one being scored whose record is prefetched.
const RECORD_LOOKAHEAD: usize = 16;
/// Slots ahead whose first name word is prefetched. Their record was prefetched earlier, so
/// reading where the words start rarely waits.
const WORDS_LOOKAHEAD: usize = 8;
/// Slots one thread scores in a row when a query's candidates are split between threads.
#[cfg(feature = "parallel")]
const SLOTS_PER_RUN: usize = 1024;

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
fn ordered_bits(model: &Model, query: &Features, entry: &EntryView<'_>) -> Option<f64> {
    if !is_plausible(query, entry) {
        return None;
    }
    Some(match query.kind {
        ReportKind::Missing => model.total_bits(query, entry),
        ReportKind::Found => model.total_bits(entry, query),
    })
}

/// Returns whether the pair is of two kinds and possible.
fn is_plausible(query: &Features, entry: &EntryView<'_>) -> bool {
    if entry.kind() == query.kind {
        return false;
    }
    match query.kind {
        ReportKind::Missing => is_possible(query, entry),
        ReportKind::Found => is_possible(entry, query),
    }
}

/// Returns whether a missing and a found report can describe one child at all.
fn is_possible<M: FeatureView, F: FeatureView>(missing: &M, found: &F) -> bool {
    let days = i64::from(found.event_day() - missing.event_day());
    if days < -MAX_DAYS_FOUND_BEFORE_MISSING {
        return false;
    }
    !age_gap(missing, found).is_some_and(|gap| gap > MAX_PLAUSIBLE_AGE_GAP)
}

#[cfg(test)]
mod tests;
