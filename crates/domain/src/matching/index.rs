//! An in-memory index of the open reports of one kind.

use std::collections::HashMap;
use std::hash::Hash;

use super::{Features, Scored, probability_of, score_pair, total_bits};

/// The open reports of one kind (all missing or all found), keyed by the caller's id.
#[derive(Debug, Clone)]
pub struct MatchIndex<K> {
    keys: Vec<K>,
    entries: Vec<Features>,
    positions: HashMap<K, usize>,
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
        MatchIndex { keys: Vec::new(), entries: Vec::new(), positions: HashMap::new() }
    }

    /// Adds a report, replacing the entry with the same key if there is one.
    pub fn insert(&mut self, key: K, features: Features) {
        if let Some(&at) = self.positions.get(&key) {
            self.entries[at] = features;
            return;
        }
        self.positions.insert(key, self.keys.len());
        self.keys.push(key);
        self.entries.push(features);
    }

    /// Removes the report with this key; does nothing when it is absent.
    pub fn remove(&mut self, key: &K) {
        let Some(at) = self.positions.remove(key) else { return };
        self.keys.swap_remove(at);
        self.entries.swap_remove(at);
        if let Some(moved) = self.keys.get(at) {
            self.positions.insert(*moved, at);
        }
    }

    /// Number of reports in the index.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Returns whether the index holds no report.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Returns the candidates of the other kind whose probability is at least `threshold`, best
    /// first, at most `limit` of them. Entries of the same kind as `query` are never returned.
    pub fn best_matches(&self, query: &Features, threshold: f64, limit: usize) -> Vec<(K, Scored)> {
        if limit == 0 {
            return Vec::new();
        }
        let mut hits: Vec<(usize, f64)> = self.scan(query, threshold);
        hits.sort_by(|a, b| b.1.total_cmp(&a.1));
        hits.truncate(limit);
        hits.into_iter().map(|(at, _)| (self.keys[at], score_pair(query, &self.entries[at]))).collect()
    }

    fn scan(&self, query: &Features, threshold: f64) -> Vec<(usize, f64)> {
        let score = |(at, entry): (usize, &Features)| {
            if entry.kind == query.kind {
                return None;
            }
            let bits = total_bits_ordered(query, entry);
            (probability_of(bits) >= threshold).then_some((at, bits))
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            self.entries.par_iter().enumerate().filter_map(score).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            self.entries.iter().enumerate().filter_map(score).collect()
        }
    }
}

fn total_bits_ordered(query: &Features, entry: &Features) -> f64 {
    use crate::codes::ReportKind;
    match query.kind {
        ReportKind::Missing => total_bits(query, entry),
        ReportKind::Found => total_bits(entry, query),
    }
}
