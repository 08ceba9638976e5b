//! Read access to the comparison keys of one report, however they are stored.
//!
//! The comparisons in [`super::compare`] read both reports of a pair through [`FeatureView`], so
//! one piece of code scores a query's [`Features`] against other `Features` and against the packed
//! entries of a [`super::MatchIndex`]. The comparison functions are generic, so each pair of
//! storage types gets its own compiled copy and reading through the trait costs no dynamic
//! dispatch.

use std::borrow::Borrow;

use crate::codes::{BodyLocation, Build, Complexion, MarkType, ReportKind, Sex};
use crate::names::{NameToken, ParsedName};

use super::features::{AgeRange, Features};

/// One of the names a report gives: the child's or a parent's or guardian's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameField {
    Child,
    Father,
    Mother,
    Guardian,
}

impl NameField {
    /// Every field, in the order an index entry stores them.
    pub(crate) const ALL: [NameField; 4] = [
        NameField::Child,
        NameField::Father,
        NameField::Mother,
        NameField::Guardian,
    ];
}

/// A report's lists of free-text words: what the child wore, and how the last-seen or found
/// place is described.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordList {
    Dress,
    Place,
}

/// The spellings of one name, each a list of tokens.
pub(crate) trait Spellings: Copy {
    /// Token type: a [`NameToken`] by value in [`Features`], a reference into an index's token
    /// table in an index entry.
    type Token: Borrow<NameToken>;

    /// Returns whether the name has no spelling at all.
    fn is_empty(self) -> bool;

    /// Calls `visit` with the tokens of every spelling, in order. A spelling longer than
    /// [`super::features::MAX_NAME_TOKENS`] may be cut to that length, since no comparison reads
    /// further.
    fn for_each(self, visit: impl FnMut(&[Self::Token]));
}

impl Spellings for &[ParsedName] {
    type Token = NameToken;

    fn is_empty(self) -> bool {
        <[ParsedName]>::is_empty(self)
    }

    #[inline]
    fn for_each(self, mut visit: impl FnMut(&[NameToken])) {
        for name in self {
            visit(&name.tokens);
        }
    }
}

/// The comparison keys of one report, as [`super::compare`] reads them. See [`Features`] for
/// what each value means.
pub(crate) trait FeatureView {
    fn kind(&self) -> ReportKind;
    fn name(&self, field: NameField) -> impl Spellings + '_;
    fn sex(&self) -> Option<Sex>;
    fn age(&self) -> Option<AgeRange>;
    fn event_day(&self) -> i32;
    fn state_code(&self) -> u16;
    fn district_code(&self) -> u16;
    fn district_point(&self) -> Option<[f64; 3]>;
    fn languages(&self) -> u32;
    fn height_cm(&self) -> Option<f32>;
    fn build(&self) -> Option<Build>;
    fn complexion(&self) -> Option<Complexion>;
    fn marks(&self) -> &[(MarkType, BodyLocation)];
    /// Returns how many distinct words of the list are left to compare.
    fn word_count(&self, list: WordList) -> usize;
    /// Returns the distinct words of the list, in ascending order.
    fn words(&self, list: WordList) -> impl Iterator<Item = &str>;
    /// Returns whether `word` is one of the list's words.
    fn contains_word(&self, list: WordList, word: &str) -> bool;
}

impl Features {
    /// Spellings of one of the report's names.
    pub(crate) fn spellings(&self, field: NameField) -> &[ParsedName] {
        match field {
            NameField::Child => &self.names,
            NameField::Father => &self.father,
            NameField::Mother => &self.mother,
            NameField::Guardian => &self.guardian,
        }
    }

    /// Distinct words of one free-text list, sorted.
    fn word_list(&self, list: WordList) -> &[String] {
        match list {
            WordList::Dress => &self.dress,
            WordList::Place => &self.place,
        }
    }
}

impl FeatureView for Features {
    #[inline]
    fn kind(&self) -> ReportKind {
        self.kind
    }

    #[inline]
    fn name(&self, field: NameField) -> impl Spellings + '_ {
        self.spellings(field)
    }

    #[inline]
    fn sex(&self) -> Option<Sex> {
        self.sex
    }

    #[inline]
    fn age(&self) -> Option<AgeRange> {
        self.age
    }

    #[inline]
    fn event_day(&self) -> i32 {
        self.event_day
    }

    #[inline]
    fn state_code(&self) -> u16 {
        self.state_code
    }

    #[inline]
    fn district_code(&self) -> u16 {
        self.district_code
    }

    #[inline]
    fn district_point(&self) -> Option<[f64; 3]> {
        self.district_point
    }

    #[inline]
    fn languages(&self) -> u32 {
        self.languages
    }

    #[inline]
    fn height_cm(&self) -> Option<f32> {
        self.height_cm
    }

    #[inline]
    fn build(&self) -> Option<Build> {
        self.build
    }

    #[inline]
    fn complexion(&self) -> Option<Complexion> {
        self.complexion
    }

    #[inline]
    fn marks(&self) -> &[(MarkType, BodyLocation)] {
        &self.marks
    }

    #[inline]
    fn word_count(&self, list: WordList) -> usize {
        self.word_list(list).len()
    }

    fn words(&self, list: WordList) -> impl Iterator<Item = &str> {
        self.word_list(list).iter().map(String::as_str)
    }

    fn contains_word(&self, list: WordList, word: &str) -> bool {
        self.word_list(list)
            .binary_search_by(|w| w.as_str().cmp(word))
            .is_ok()
    }
}
