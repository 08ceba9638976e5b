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
    /// Returns whether the dress description left no word to compare.
    fn dress_is_empty(&self) -> bool;
    /// Returns the distinct dress words, in ascending order.
    fn dress_words(&self) -> impl Iterator<Item = &str>;
    /// Returns whether `word` is one of the dress words.
    fn dress_contains(&self, word: &str) -> bool;
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
    fn dress_is_empty(&self) -> bool {
        self.dress.is_empty()
    }

    fn dress_words(&self) -> impl Iterator<Item = &str> {
        self.dress.iter().map(String::as_str)
    }

    fn dress_contains(&self, word: &str) -> bool {
        self.dress
            .binary_search_by(|w| w.as_str().cmp(word))
            .is_ok()
    }
}
