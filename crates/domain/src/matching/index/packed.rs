//! Packed storage of the comparison keys of indexed reports.
//!
//! [`Features`] stores every name token as two strings with its frequencies, which costs about
//! 2 KB a report. An index keeps each distinct name token, dress or place word, mark list, age
//! range and district point once, in an [`Interner`], and stores a report as a fixed-size
//! [`Record`] plus 32-bit ids in one arena shared by all reports. [`EntryView`] reads a packed
//! report for the comparisons, and [`Entries::decode`] rebuilds the `Features` it was made from,
//! field for field.

use std::fmt;

use chrono::NaiveDate;

use crate::codes::{BodyLocation, Build, Complexion, MarkType, ReportKind, Sex};
use crate::names::{NameToken, ParsedName, TokenRole};

use super::super::features::{AgeRange, Features, MAX_NAME_TOKENS};
use super::super::view::{FeatureView, NameField, Spellings, WordList};
use super::intern::{Internable, Interner, fingerprint_of};

/// Set on the id of the last token of a spelling in the arena.
const END_OF_SPELLING: u32 = 1 << 31;
/// Arena word of a spelling without tokens. Token ids stay below it, so it never reads as a token.
const EMPTY_SPELLING: u32 = u32::MAX;
/// Id in a record for an absent age range or district point.
const ABSENT: u32 = u32::MAX;

/// An age range's low and high ends in years. The [`Record`] keeps the date of birth.
#[derive(Debug, Clone, Copy)]
struct AgeSpan {
    low: f64,
    high: f64,
}

impl Internable for AgeSpan {
    fn fingerprint(&self) -> u64 {
        fingerprint_of((self.low.to_bits(), self.high.to_bits()))
    }

    fn same(&self, other: &Self) -> bool {
        self.low.to_bits() == other.low.to_bits() && self.high.to_bits() == other.high.to_bits()
    }
}

/// The shared tables that the ids of packed reports point into.
#[derive(Default, Clone)]
struct Tables {
    tokens: Interner<NameToken>,
    words: Interner<str>,
    marks: Interner<[(MarkType, BodyLocation)]>,
    ages: Interner<AgeSpan>,
    points: Interner<[f64; 3]>,
}

/// Maps ids of old tables to ids of new ones while live reports are copied into a compacted
/// [`Entries`], so the new tables keep only values that some live report uses.
struct Reinterner {
    tokens: Vec<u32>,
    words: Vec<u32>,
    marks: Vec<u32>,
    ages: Vec<u32>,
    points: Vec<u32>,
}

fn reintern<T: Internable + ?Sized>(
    id: u32,
    old: &Interner<T>,
    new: &mut Interner<T>,
    seen: &mut [u32],
) -> u32 {
    let slot = &mut seen[id as usize];
    if *slot == ABSENT {
        *slot = new.intern(old.get(id));
    }
    *slot
}

/// The fixed-size part of a packed report. The names, dress words and place words are ids in the
/// arena.
///
/// A record takes one 64-byte cache line: 52 bytes of fields, padded to 64. Unpadded, four in
/// five records would straddle two lines, and scoring a candidate would wait for both. The
/// padding costs 12 bytes a report.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Record {
    /// Position of the report's first arena word.
    start: u32,
    /// Number of dress word ids, which follow the name words.
    dress_len: u16,
    /// Number of place word ids, which follow the dress words.
    place_len: u16,
    event_date: NaiveDate,
    event_day: i32,
    date_of_birth: Option<NaiveDate>,
    languages: u32,
    /// `NaN` when the height is unknown, which no height in `Features` is.
    height_cm: f32,
    /// Id in the mark-list table. The empty list has an id too.
    marks: u32,
    /// Id in the age table, or [`ABSENT`].
    age: u32,
    /// Id in the district-point table, or [`ABSENT`].
    point: u32,
    state_code: u16,
    district_code: u16,
    /// Arena words of the child's, father's, mother's and guardian's names, in that order. A word
    /// is a token id, marked with [`END_OF_SPELLING`] on the last token of each spelling, or
    /// [`EMPTY_SPELLING`].
    name_words: [u8; 4],
    kind: ReportKind,
    sex: Option<Sex>,
    build: Option<Build>,
    complexion: Option<Complexion>,
}

impl Record {
    fn name_len(&self) -> usize {
        self.name_words.iter().map(|&n| usize::from(n)).sum()
    }

    fn arena_len(&self) -> usize {
        self.name_len() + usize::from(self.dress_len) + usize::from(self.place_len)
    }
}

/// The packed reports of an index, one per slot. Slots are never reused: a removed report's
/// record and arena words stay until [`Entries::compact`] copies the live ones into new storage.
#[derive(Default, Clone)]
pub(super) struct Entries {
    records: Vec<Record>,
    arena: Vec<u32>,
    tables: Tables,
}

impl fmt::Debug for Entries {
    /// Prints sizes only, because the tables contain children's names.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entries")
            .field("records", &self.records.len())
            .field("arena_words", &self.arena.len())
            .field("tokens", &self.tables.tokens.len())
            .field("words", &self.tables.words.len())
            .finish_non_exhaustive()
    }
}

impl Entries {
    /// Number of slots, removed reports included.
    pub(super) fn len(&self) -> usize {
        self.records.len()
    }

    /// Packs `features` into a new slot at the end and returns the slot.
    pub(super) fn push(&mut self, features: &Features) -> u32 {
        let slot = u32::try_from(self.records.len()).expect("an index has fewer than 2^32 slots");
        let start =
            u32::try_from(self.arena.len()).expect("an index has fewer than 2^32 arena words");
        let tables = &mut self.tables;
        let mut name_words = [0u8; 4];
        for (count, field) in name_words.iter_mut().zip(NameField::ALL) {
            let before = self.arena.len();
            for spelling in features.spellings(field) {
                push_spelling(&mut self.arena, &mut tables.tokens, &spelling.tokens);
            }
            *count = u8::try_from(self.arena.len() - before)
                .expect("features_of keeps at most 8 spellings of 8 tokens a name");
        }
        for word in features.dress.iter().chain(&features.place) {
            self.arena.push(tables.words.intern(word.as_str()));
        }
        let age = features.age.map_or(ABSENT, |age| {
            tables.ages.intern(&AgeSpan {
                low: age.low,
                high: age.high,
            })
        });
        self.records.push(Record {
            start,
            dress_len: u16::try_from(features.dress.len())
                .expect("features_of keeps at most 256 dress words"),
            place_len: u16::try_from(features.place.len())
                .expect("features_of keeps at most 16 place words"),
            event_date: features.event_date,
            event_day: features.event_day,
            date_of_birth: features.age.and_then(|age| age.date_of_birth),
            languages: features.languages,
            height_cm: features.height_cm.unwrap_or(f32::NAN),
            marks: tables.marks.intern(features.marks.as_slice()),
            age,
            point: features
                .district_point
                .map_or(ABSENT, |point| tables.points.intern(&point)),
            state_code: features.state_code,
            district_code: features.district_code,
            name_words,
            kind: features.kind,
            sex: features.sex,
            build: features.build,
            complexion: features.complexion,
        });
        slot
    }

    /// Prefetches a slot's record, so that it is in the cache when the slot is scored.
    pub(super) fn prefetch_record(&self, slot: u32) {
        prefetch(&self.records[slot as usize]);
    }

    /// Prefetches the first arena word of a slot, so that its names are in the cache when scored.
    /// The record is usually in the cache already, from an earlier prefetch.
    pub(super) fn prefetch_words(&self, slot: u32) {
        let start = self.records[slot as usize].start as usize;
        if let Some(word) = self.arena.get(start) {
            prefetch(word);
        }
    }

    /// Returns a view of the report in `slot`, which must be below [`Entries::len`].
    pub(super) fn view(&self, slot: u32) -> EntryView<'_> {
        let record = &self.records[slot as usize];
        let start = record.start as usize;
        EntryView {
            record,
            words: &self.arena[start..start + record.arena_len()],
            tables: &self.tables,
        }
    }

    /// Rebuilds the `Features` that were packed into `slot`.
    pub(super) fn decode(&self, slot: u32) -> Features {
        let view = self.view(slot);
        let record = view.record;
        Features {
            kind: record.kind,
            names: view.decode_name(NameField::Child),
            father: view.decode_name(NameField::Father),
            mother: view.decode_name(NameField::Mother),
            guardian: view.decode_name(NameField::Guardian),
            sex: record.sex,
            age: view.age(),
            event_date: record.event_date,
            event_day: record.event_day,
            state_code: record.state_code,
            district_code: record.district_code,
            district_point: view.district_point(),
            languages: record.languages,
            height_cm: view.height_cm(),
            build: record.build,
            complexion: record.complexion,
            marks: view.marks().to_vec(),
            dress: view.words(WordList::Dress).map(str::to_string).collect(),
            place: view.words(WordList::Place).map(str::to_string).collect(),
        }
    }

    /// Copies the reports of `slots`, in that order, into new storage whose tables contain only
    /// the values they use. Slot `i` of the result is `slots[i]` of `self`.
    pub(super) fn compact(&self, slots: impl Iterator<Item = u32>) -> Entries {
        let mut remap = Reinterner {
            tokens: vec![ABSENT; self.tables.tokens.len()],
            words: vec![ABSENT; self.tables.words.len()],
            marks: vec![ABSENT; self.tables.marks.len()],
            ages: vec![ABSENT; self.tables.ages.len()],
            points: vec![ABSENT; self.tables.points.len()],
        };
        let mut new = Entries::default();
        for slot in slots {
            let mut record = self.records[slot as usize];
            let start = record.start as usize;
            let words = &self.arena[start..start + record.arena_len()];
            let (names, free_text) = words.split_at(record.name_len());
            record.start =
                u32::try_from(new.arena.len()).expect("an index has fewer than 2^32 arena words");
            let (old, tables) = (&self.tables, &mut new.tables);
            for &word in names {
                new.arena.push(if word == EMPTY_SPELLING {
                    word
                } else {
                    let id = word & !END_OF_SPELLING;
                    reintern(id, &old.tokens, &mut tables.tokens, &mut remap.tokens)
                        | (word & END_OF_SPELLING)
                });
            }
            for &word in free_text {
                new.arena.push(reintern(
                    word,
                    &old.words,
                    &mut tables.words,
                    &mut remap.words,
                ));
            }
            record.marks = reintern(
                record.marks,
                &old.marks,
                &mut tables.marks,
                &mut remap.marks,
            );
            if record.age != ABSENT {
                record.age = reintern(record.age, &old.ages, &mut tables.ages, &mut remap.ages);
            }
            if record.point != ABSENT {
                record.point = reintern(
                    record.point,
                    &old.points,
                    &mut tables.points,
                    &mut remap.points,
                );
            }
            new.records.push(record);
        }
        new
    }
}

/// Appends the arena words of one spelling.
fn push_spelling(arena: &mut Vec<u32>, tokens: &mut Interner<NameToken>, spelling: &[NameToken]) {
    let Some((last, rest)) = spelling.split_last() else {
        arena.push(EMPTY_SPELLING);
        return;
    };
    let mut id_of = |token: &NameToken| {
        let id = tokens.intern(token);
        assert!(
            id < END_OF_SPELLING - 1,
            "an index holds fewer than 2^31 - 1 distinct name tokens"
        );
        id
    };
    for token in rest {
        let id = id_of(token);
        arena.push(id);
    }
    let id = id_of(last);
    arena.push(id | END_OF_SPELLING);
}

/// A packed report, read in place.
#[derive(Clone, Copy)]
pub(super) struct EntryView<'a> {
    record: &'a Record,
    /// The report's arena words: name words, then dress word ids, then place word ids.
    words: &'a [u32],
    tables: &'a Tables,
}

impl<'a> EntryView<'a> {
    fn name_words(&self, field: NameField) -> &'a [u32] {
        let [child, father, mother, guardian] = self.record.name_words.map(usize::from);
        let (start, len) = match field {
            NameField::Child => (0, child),
            NameField::Father => (child, father),
            NameField::Mother => (child + father, mother),
            NameField::Guardian => (child + father + mother, guardian),
        };
        &self.words[start..start + len]
    }

    fn word_ids(&self, list: WordList) -> &'a [u32] {
        let dress_start = self.record.name_len();
        let place_start = dress_start + usize::from(self.record.dress_len);
        match list {
            WordList::Dress => &self.words[dress_start..place_start],
            WordList::Place => &self.words[place_start..],
        }
    }

    fn decode_name(&self, field: NameField) -> Vec<ParsedName> {
        let mut names = Vec::new();
        let mut tokens = Vec::new();
        for &word in self.name_words(field) {
            if word == EMPTY_SPELLING {
                names.push(ParsedName::default());
                continue;
            }
            tokens.push(self.tables.tokens.get(word & !END_OF_SPELLING).clone());
            if word & END_OF_SPELLING != 0 {
                names.push(ParsedName {
                    tokens: std::mem::take(&mut tokens),
                });
            }
        }
        names
    }
}

/// The spellings of one packed name, read through the index's token table.
#[derive(Clone, Copy)]
pub(super) struct PackedName<'a> {
    words: &'a [u32],
    tokens: &'a [NameToken],
}

/// Placeholder for the unused entries of a spelling buffer. It is never read.
static PLACEHOLDER_TOKEN: NameToken = NameToken {
    text: String::new(),
    key: String::new(),
    role: TokenRole::Initial,
    share: 0.0,
    key_share: 0.0,
    sex: None,
    listed: false,
    text_hash: 0,
    key_hash: 0,
    key_letters: 0,
};

impl<'a> Spellings for PackedName<'a> {
    type Token = &'a NameToken;

    fn is_empty(self) -> bool {
        self.words.is_empty()
    }

    #[inline]
    fn for_each(self, mut visit: impl FnMut(&[&'a NameToken])) {
        let mut spelling = [&PLACEHOLDER_TOKEN; MAX_NAME_TOKENS];
        let mut len = 0;
        for &word in self.words {
            if word == EMPTY_SPELLING {
                visit(&[]);
                continue;
            }
            // Tokens past MAX_NAME_TOKENS are never compared.
            if len < MAX_NAME_TOKENS {
                spelling[len] = &self.tokens[(word & !END_OF_SPELLING) as usize];
                len += 1;
            }
            if word & END_OF_SPELLING != 0 {
                visit(&spelling[..len]);
                len = 0;
            }
        }
    }
}

impl FeatureView for EntryView<'_> {
    #[inline]
    fn kind(&self) -> ReportKind {
        self.record.kind
    }

    #[inline]
    fn name(&self, field: NameField) -> impl Spellings + '_ {
        PackedName {
            words: self.name_words(field),
            tokens: self.tables.tokens.values(),
        }
    }

    #[inline]
    fn sex(&self) -> Option<Sex> {
        self.record.sex
    }

    #[inline]
    fn age(&self) -> Option<AgeRange> {
        if self.record.age == ABSENT {
            return None;
        }
        let span = self.tables.ages.get(self.record.age);
        Some(AgeRange {
            low: span.low,
            high: span.high,
            date_of_birth: self.record.date_of_birth,
        })
    }

    #[inline]
    fn event_day(&self) -> i32 {
        self.record.event_day
    }

    #[inline]
    fn state_code(&self) -> u16 {
        self.record.state_code
    }

    #[inline]
    fn district_code(&self) -> u16 {
        self.record.district_code
    }

    #[inline]
    fn district_point(&self) -> Option<[f64; 3]> {
        (self.record.point != ABSENT).then(|| *self.tables.points.get(self.record.point))
    }

    #[inline]
    fn languages(&self) -> u32 {
        self.record.languages
    }

    #[inline]
    fn height_cm(&self) -> Option<f32> {
        let height = self.record.height_cm;
        (!height.is_nan()).then_some(height)
    }

    #[inline]
    fn build(&self) -> Option<Build> {
        self.record.build
    }

    #[inline]
    fn complexion(&self) -> Option<Complexion> {
        self.record.complexion
    }

    #[inline]
    fn marks(&self) -> &[(MarkType, BodyLocation)] {
        self.tables.marks.get(self.record.marks)
    }

    #[inline]
    fn word_count(&self, list: WordList) -> usize {
        usize::from(match list {
            WordList::Dress => self.record.dress_len,
            WordList::Place => self.record.place_len,
        })
    }

    fn words(&self, list: WordList) -> impl Iterator<Item = &str> {
        self.word_ids(list)
            .iter()
            .map(|&id| self.tables.words.get(id))
    }

    fn contains_word(&self, list: WordList, word: &str) -> bool {
        self.word_ids(list)
            .binary_search_by(|&id| self.tables.words.get(id).cmp(word))
            .is_ok()
    }
}

/// Starts loading the cache line that contains `value` and returns without waiting for it.
///
/// A plain read would load the line too, but the processor cannot retire that read, or anything
/// after it, until the line arrives. On targets other than x86_64 this does nothing.
#[inline(always)]
fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    #[allow(unsafe_code)]
    // SAFETY: `_mm_prefetch` is unsafe only because it needs the SSE feature, which every x86_64
    // processor has. A prefetch is a hint: it changes no memory and never faults, and the pointer
    // comes from a live reference anyway.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
