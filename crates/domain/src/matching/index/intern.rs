//! Tables of distinct values under 32-bit ids, for the packed entries of an index.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::codes::{BodyLocation, MarkType};
use crate::names::NameToken;

/// A value an [`Interner`] stores once. Floating-point values are compared by their bits, so a
/// value read back is exactly the one stored.
pub(super) trait Internable: ToOwned {
    fn fingerprint(&self) -> u64;
    fn same(&self, other: &Self) -> bool;
}

pub(super) fn fingerprint_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

impl Internable for NameToken {
    fn fingerprint(&self) -> u64 {
        fingerprint_of((
            &self.text,
            &self.key,
            self.share.to_bits(),
            self.key_share.to_bits(),
        ))
    }

    fn same(&self, other: &Self) -> bool {
        self == other
            && self.share.to_bits() == other.share.to_bits()
            && self.key_share.to_bits() == other.key_share.to_bits()
    }
}

impl Internable for str {
    fn fingerprint(&self) -> u64 {
        fingerprint_of(self)
    }

    fn same(&self, other: &Self) -> bool {
        self == other
    }
}

impl Internable for [(MarkType, BodyLocation)] {
    fn fingerprint(&self) -> u64 {
        fingerprint_of(self)
    }

    fn same(&self, other: &Self) -> bool {
        self == other
    }
}

impl Internable for [f64; 3] {
    fn fingerprint(&self) -> u64 {
        fingerprint_of(self.map(f64::to_bits))
    }

    fn same(&self, other: &Self) -> bool {
        self.map(f64::to_bits) == other.map(f64::to_bits)
    }
}

/// Distinct values, each stored once under a 32-bit id. Ids are handed out in order from 0.
pub(super) struct Interner<T: Internable + ?Sized> {
    values: Vec<T::Owned>,
    /// Id of each value by fingerprint. A value whose fingerprint is taken by another value is
    /// filed under the next free fingerprint, so a lookup probes upwards until it meets its value
    /// or a free fingerprint.
    ids: HashMap<u64, u32>,
}

impl<T: Internable + ?Sized> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            values: Vec::new(),
            ids: HashMap::new(),
        }
    }
}

impl<T: Internable + ?Sized> Clone for Interner<T>
where
    T::Owned: Clone,
{
    fn clone(&self) -> Self {
        Interner {
            values: self.values.clone(),
            ids: self.ids.clone(),
        }
    }
}

impl<T: Internable + ?Sized> Interner<T> {
    /// Returns the id of `value`, storing a copy first if it is new.
    pub(super) fn intern(&mut self, value: &T) -> u32 {
        let mut fingerprint = value.fingerprint();
        while let Some(&id) = self.ids.get(&fingerprint) {
            if self.get(id).same(value) {
                return id;
            }
            fingerprint = fingerprint.wrapping_add(1);
        }
        let id =
            u32::try_from(self.values.len()).expect("an index has fewer than 2^32 distinct values");
        self.values.push(value.to_owned());
        self.ids.insert(fingerprint, id);
        id
    }

    pub(super) fn get(&self, id: u32) -> &T {
        self.values[id as usize].borrow()
    }

    pub(super) fn len(&self) -> usize {
        self.values.len()
    }

    /// Returns the stored values, indexed by id.
    pub(super) fn values(&self) -> &[T::Owned] {
        &self.values
    }
}
