//! Indian personal names: normalisation, transliteration, a phonetic key, token frequencies and
//! token comparison.
//!
//! A raw name goes through [`parse_name`]: Indian scripts are transliterated to Latin, the text is
//! lowercased and stripped of accents, "@", "urf", "alias" and brackets split it into alternative
//! names, relation markers (S/o, D/o, W/o, C/o) cut off the relative's name that follows them,
//! honorifics (Shri, Smt, Km, Kumari before a name, Master, Baby) are dropped, abbreviations are
//! expanded (Mohd and Md to Mohammad, Kr to Kumar) and single letters are kept as initials. Kumar,
//! Devi, Bhai, Ben and the like written joined to a name are split off (Rameshbhai), and so is a
//! joined Mohammad (Mohdarif). A family name, initial or Mohammad written before the personal name
//! is moved behind it, so a name written surname first compares like the usual order.
//!
//! Two tokens compare as a misspelling of one name only when their phonetic keys are close, start
//! alike, and are not two different names from the lists (Rakesh and Rajesh).
//!
//! Scoring these comparisons belongs to [`crate::matching`]; this module only says how alike two
//! tokens are and how common a token is.

mod frequency;
mod phonetic;
mod similarity;
mod transliterate;

pub use frequency::{GivenName, NameLists, NameSex, Surname, TokenStats, name_lists};
pub use phonetic::phonetic_key;
pub use similarity::{jaro_winkler, osa_distance, within_one_edit};
pub use transliterate::{has_indic_letters, transliterate_to_latin};

use crate::codes::Sex;

/// Tokens dropped wherever they appear: titles and forms of address.
const HONORIFICS: &[&str] = &[
    "shri", "sri", "shree", "sh", "smt", "shrimati", "srimati", "mr", "mrs", "ms", "miss",
    "master", "mast", "km", "kum", "kumar", "late", "dr", "mst", "musammat", "sushri", "selvi",
    "thiru", "tmt", "baby", "babu",
];

/// Honorifics that are also name tokens, dropped only before another token. Selvi is a common
/// Tamil girl's name as well as the Tamil for Kumari.
const LEADING_ONLY_HONORIFICS: &[&str] = &[
    "kumar", "kumari", "baby", "babu", "master", "sh", "selvi", "thiru",
];

/// Closing tokens that are often written joined to the name before them (Rameshbhai, Hetalben,
/// Anilkumar). Longer endings come first.
const JOINED_SUFFIXES: &[&str] = &[
    "kumari", "kumar", "khatoon", "khatun", "begum", "bhai", "devi", "bai", "ben",
];

/// Spellings of Mohammad that are often written joined to the personal name (Mohdarif).
const JOINED_PREFIXES: &[&str] = &["mohammad", "mohammed", "muhammad", "mohamed", "mohd"];

/// Minimum length of the part left after a joined suffix or prefix for the word to be split.
/// Shorter remainders belong to one name (Sukumar, Sukumari).
const MIN_SPLIT_PART: usize = 3;

/// Tokens that separate two alternative names of one person ("Ram urf Raju").
const ALIAS_WORDS: &[&str] = &["urf", "alias", "aka", "orf"];

/// Abbreviations and spelling families folded to one written form before comparison.
const CANONICAL: &[(&str, &str)] = &[
    ("md", "mohammad"),
    ("mohd", "mohammad"),
    ("mohammed", "mohammad"),
    ("mohamad", "mohammad"),
    ("mohamed", "mohammad"),
    ("muhammad", "mohammad"),
    ("muhammed", "mohammad"),
    ("mohmad", "mohammad"),
    ("mahammad", "mohammad"),
    ("kr", "kumar"),
    ("kri", "kumari"),
    ("pd", "prasad"),
];

/// Tokens that end North Indian names without being family names; they prove little.
const SUFFIXES: &[&str] = &[
    "kumar", "kumari", "devi", "bai", "bhai", "ben", "behen", "begum", "begam", "khatoon",
    "khatun", "bibi", "bano",
];

/// Name elements that open many names without identifying anyone ("Mohammad Arif").
const COMMON_ELEMENTS: &[&str] = &["mohammad", "syed", "sayyed", "shaikh", "sheikh", "sk"];

/// Role of a token inside a name, guessed from the name lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRole {
    /// A personal name.
    Given,
    /// A family name, caste or clan name.
    Family,
    /// Kumar, Devi, Bai, Begum and other tokens that close a name.
    Suffix,
    /// Mohammad and other elements that open the names of so many people that they do not
    /// distinguish one child from another.
    Common,
    /// A single letter standing for a name.
    Initial,
}

/// One normalised name token with its precomputed comparison keys.
#[derive(Debug, Clone, PartialEq)]
pub struct NameToken {
    /// Lowercase ASCII letters.
    pub text: String,
    /// [`phonetic_key`] of `text`.
    pub key: String,
    pub role: TokenRole,
    /// Share of the population with this token as a name part (0 when unknown), used as the
    /// chance that two unrelated records agree on it.
    pub share: f64,
    /// Share of the population whose token sounds like this one.
    pub key_share: f64,
    /// Usual sex of the token as a given name, when the lists know it.
    pub sex: Option<NameSex>,
    /// Whether the name lists contain the token as a given name or family name, counted or not.
    pub listed: bool,
    /// FNV-1a hashes of `text` and `key`: unequal hashes prove unequal strings, so most token
    /// pairs are distinguished without comparing the strings.
    pub text_hash: u64,
    pub key_hash: u64,
    /// Bit `i` is set when `key` contains the letter `'a' + i`. Two keys whose letter sets
    /// differ in more than three letters are never fuzzy matches, so most pairs skip the string
    /// comparisons.
    pub key_letters: u32,
}

/// One way of writing a person's name: its tokens, in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedName {
    pub tokens: Vec<NameToken>,
}

/// Similarity level of two name tokens, from most to least alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TokenLevel {
    Exact,
    Phonetic,
    Fuzzy,
    /// One token is an initial and the other starts with that letter.
    Initial,
    Different,
}

/// Splits and normalises a raw name into its alternative spellings.
///
/// Returns one [`ParsedName`] per alternative ("Rakhi @ Payal" gives two), each with at least
/// one token; an empty or meaningless name gives none.
pub fn parse_name(raw: &str) -> Vec<ParsedName> {
    normalise_name(raw)
        .into_iter()
        .map(|tokens| {
            let mut tokens: Vec<NameToken> = tokens.iter().map(|t| make_token(t)).collect();
            put_personal_name_first(&mut tokens);
            ParsedName { tokens }
        })
        .collect()
}

/// Moves family names, common elements and initials written before the personal name to the end
/// (Patil Sanket Ramesh → Sanket Ramesh Patil, Mohd Irfan Ansari → Irfan Ansari Mohammad, N. Sai
/// Kiran → Sai Kiran N). The personal name then comes first and a father's name stays in the
/// middle, which is the order the name comparison expects.
fn put_personal_name_first(tokens: &mut [NameToken]) {
    let Some(personal) = tokens.iter().position(|t| t.role == TokenRole::Given) else {
        return;
    };
    let movable = tokens[..personal].iter().all(|t| {
        matches!(
            t.role,
            TokenRole::Family | TokenRole::Common | TokenRole::Initial
        )
    });
    if movable {
        tokens.rotate_left(personal);
    }
}

/// Normalises a raw name to its alternative spellings, each a list of lowercase ASCII tokens.
pub fn normalise_name(raw: &str) -> Vec<Vec<String>> {
    let latin = if has_indic_letters(raw) {
        transliterate_to_latin(raw)
    } else {
        raw.to_string()
    };
    let folded = fold_to_ascii(&latin);
    let without_relatives = cut_at_relation_marker(&folded);
    let mut alternatives = Vec::new();
    for part in without_relatives.split(['@', '(', ')', '[', ']', '/']) {
        let mut current: Vec<String> = Vec::new();
        for word in part
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
        {
            if ALIAS_WORDS.contains(&word) {
                push_alternative(&mut alternatives, std::mem::take(&mut current));
                continue;
            }
            for piece in split_joined(word) {
                current.push(canonical(piece).to_string());
            }
        }
        push_alternative(&mut alternatives, current);
    }
    alternatives
}

fn push_alternative(alternatives: &mut Vec<Vec<String>>, tokens: Vec<String>) {
    let tokens = drop_honorifics(tokens);
    if !tokens.is_empty() && !alternatives.contains(&tokens) {
        alternatives.push(tokens);
    }
}

fn drop_honorifics(tokens: Vec<String>) -> Vec<String> {
    let mut kept = Vec::with_capacity(tokens.len());
    let count = tokens.len();
    for (i, token) in tokens.into_iter().enumerate() {
        let is_last = i + 1 == count;
        let leading_only = LEADING_ONLY_HONORIFICS.contains(&token.as_str());
        let drop = if leading_only {
            kept.is_empty() && !is_last
        } else {
            HONORIFICS.contains(&token.as_str())
        };
        if !drop {
            kept.push(token);
        }
    }
    kept
}

/// Splits a name joined to Kumar, Devi, Bhai, Ben and the like, or to Mohammad, into two tokens.
/// Other words are returned whole.
fn split_joined(word: &str) -> Vec<&str> {
    for prefix in JOINED_PREFIXES {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.len() >= MIN_SPLIT_PART
        {
            return vec![prefix, rest];
        }
    }
    for suffix in JOINED_SUFFIXES {
        if let Some(head) = word.strip_suffix(suffix)
            && head.len() >= MIN_SPLIT_PART
            && !HONORIFICS.contains(&head)
        {
            return vec![head, suffix];
        }
    }
    vec![word]
}

fn canonical(word: &str) -> &str {
    CANONICAL
        .iter()
        .find(|(from, _)| *from == word)
        .map_or(word, |(_, to)| to)
}

/// Lowercases and maps accented Latin letters to ASCII; anything else that is not ASCII becomes
/// a space.
fn fold_to_ascii(text: &str) -> String {
    text.chars()
        .map(|c| {
            let c = c.to_lowercase().next().unwrap_or(c);
            if c.is_ascii() {
                return c;
            }
            match c {
                'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
                'ç' | 'ć' | 'č' => 'c',
                'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
                'ì'..='ï' | 'ī' | 'ĩ' => 'i',
                'ñ' | 'ń' | 'ṅ' | 'ṇ' | 'ṉ' => 'n',
                'ò'..='ö' | 'ø' | 'ō' => 'o',
                'ù'..='ü' | 'ū' | 'ũ' => 'u',
                'ý' | 'ÿ' => 'y',
                'ś' | 'ṣ' | 'š' => 's',
                'ṭ' => 't',
                'ḍ' => 'd',
                'ṛ' | 'ṝ' => 'r',
                'ḷ' => 'l',
                'ṁ' | 'ṃ' => 'm',
                'ḥ' => 'h',
                _ => ' ',
            }
        })
        .collect()
}

/// Cuts the text at the first relation marker (S/o, D/o, W/o, C/o, R/o, H/o, "son of",
/// "daughter of", "wife of", and Hindi putra and putri, son and daughter) or digit, since what
/// follows names a relative, an address or an age.
fn cut_at_relation_marker(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = text.len();
    for i in 0..bytes.len() {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphabetic();
        let marker = starts_word
            && matches!(bytes[i], b's' | b'd' | b'w' | b'c' | b'r' | b'h')
            && matches!(bytes.get(i + 1), Some(b'/' | b'.'))
            && bytes.get(i + 2) == Some(&b'o')
            && !bytes.get(i + 3).is_some_and(u8::is_ascii_alphabetic);
        if marker || bytes[i].is_ascii_digit() {
            end = i;
            break;
        }
    }
    let mut cut = &text[..end];
    for phrase in [
        " son of ",
        " daughter of ",
        " wife of ",
        " putra ",
        " putri ",
        " suputra ",
        " suputri ",
        " age ",
        " aged ",
    ] {
        if let Some(at) = cut.find(phrase) {
            cut = &cut[..at];
        }
    }
    cut
}

fn letter_set(key: &str) -> u32 {
    key.bytes()
        .filter(u8::is_ascii_lowercase)
        .fold(0, |set, b| set | 1 << (b - b'a'))
}

fn make_token(text: &str) -> NameToken {
    let lists = name_lists();
    let key = phonetic_key(text);
    let stats = lists.token(text);
    let role = if text.len() == 1 {
        TokenRole::Initial
    } else if SUFFIXES.contains(&text) {
        TokenRole::Suffix
    } else if COMMON_ELEMENTS.contains(&text) {
        TokenRole::Common
    } else if stats.is_some_and(|s| s.is_surname && s.surname_share >= s.given_share)
        || (stats.is_none() && lists.is_family_key(&key))
    {
        TokenRole::Family
    } else {
        TokenRole::Given
    };
    let share = stats.map_or(0.0, |s| s.given_share.max(s.surname_share));
    let key_hash = fnv1a(&key);
    NameToken {
        key_hash,
        key_share: lists.key_share(&key).max(share),
        key_letters: letter_set(&key),
        key,
        role,
        share,
        sex: stats.and_then(|s| s.sex),
        listed: stats.is_some_and(|s| s.listed),
        text_hash: fnv1a(text),
        text: text.to_string(),
    }
}

/// 64-bit FNV-1a hash of a string; the same on every platform.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Compares two tokens. `sexes` are the sexes recorded on the two reports the tokens come from:
/// a male and a female form of one name (Sunil and Sunila) count as different names when each
/// report's sex agrees with the form it gives.
#[inline]
pub fn compare_tokens(
    a: &NameToken,
    b: &NameToken,
    sexes: (Option<Sex>, Option<Sex>),
) -> TokenLevel {
    // Most token pairs compared are unrelated names. This test rules them out inline, from three
    // fields of each token, and only the other pairs take the full comparison.
    let unrelated = a.text_hash != b.text_hash
        && a.role != TokenRole::Initial
        && b.role != TokenRole::Initial
        && (a.key_letters ^ b.key_letters).count_ones() > 3;
    if unrelated {
        return TokenLevel::Different;
    }
    compare_close_tokens(a, b, sexes)
}

/// [`compare_tokens`] for a pair the quick test did not rule out.
#[inline(never)]
fn compare_close_tokens(
    a: &NameToken,
    b: &NameToken,
    sexes: (Option<Sex>, Option<Sex>),
) -> TokenLevel {
    if a.text_hash == b.text_hash && a.text == b.text {
        return TokenLevel::Exact;
    }
    if a.role == TokenRole::Initial || b.role == TokenRole::Initial {
        let same_letter = a.text.as_bytes().first() == b.text.as_bytes().first();
        return if same_letter {
            TokenLevel::Initial
        } else {
            TokenLevel::Different
        };
    }
    // Most token pairs compared are unrelated names; the letter sets rule them out before any
    // string work.
    if (a.key_letters ^ b.key_letters).count_ones() > 3 {
        return TokenLevel::Different;
    }
    if a.key_hash == b.key_hash && a.key == b.key {
        return if is_gendered_pair(a, b, sexes) {
            TokenLevel::Different
        } else {
            TokenLevel::Phonetic
        };
    }
    if !is_near_spelling(&a.key, &b.key) && !is_slip_of_listed(a, b) {
        return TokenLevel::Different;
    }
    if gendered_forms(a, b).is_some() {
        return if is_gendered_pair(a, b, sexes) {
            TokenLevel::Different
        } else {
            TokenLevel::Fuzzy
        };
    }
    if a.listed && b.listed && !is_romanisation_variant(a, b) {
        // Both spellings are names in the lists (Rakesh and Rajesh, Sonam and Sonal), so the
        // difference is more likely two names than a slip of the pen.
        return TokenLevel::Different;
    }
    TokenLevel::Fuzzy
}

/// Pairs of first letters that Indian scripts and their romanisations confuse: Tamil writes k and
/// g, t and d, p and b with one letter each, Tamil ச is s or ch, and Ishwar is also Eshwar.
const FIRST_LETTER_SWAPS: &[(u8, u8)] = &[
    (b'k', b'g'),
    (b't', b'd'),
    (b'p', b'b'),
    (b'c', b's'),
    (b'c', b'j'),
    (b'e', b'i'),
];

/// Returns whether two different phonetic keys are close enough for a misspelling: one edit
/// apart or close by Jaro–Winkler, and starting alike. A changed first letter usually makes
/// another name (Mohan and Sohan, Kavita and Savita), unless the two letters are a pair in
/// [`FIRST_LETTER_SWAPS`].
fn is_near_spelling(a: &str, b: &str) -> bool {
    // The first letters are tested first because they are cheap, and most keys compared are
    // unrelated names that already differ there.
    let (Some(&x), Some(&y)) = (a.as_bytes().first(), b.as_bytes().first()) else {
        return false;
    };
    let starts_alike = x == y
        || FIRST_LETTER_SWAPS
            .iter()
            .any(|&pair| pair == (x, y) || pair == (y, x));
    if !starts_alike {
        return false;
    }
    let shorter = a.len().min(b.len());
    // One edit in a four-letter key often makes another name (Ravi, Rani), so short keys
    // need a close Jaro–Winkler score instead.
    (shorter >= 5 && within_one_edit(a, b)) || (shorter >= 4 && jaro_winkler(a, b) >= 0.9)
}

/// Returns whether one token is a listed name and the other, unlisted, differs from it by one
/// edit: a letter left out, added or changed, or two neighbouring letters swapped. Such a token
/// is most likely a slip of the pen or the keyboard (Aari for Aarti, Ainta for Anita, Gddu for
/// Guddu). One edit between two short names usually makes another name (Ravi and Rani), but then
/// both are listed.
fn is_slip_of_listed(a: &NameToken, b: &NameToken) -> bool {
    if a.listed == b.listed || a.text.len().min(b.text.len()) < MIN_SLIP_LETTERS {
        return false;
    }
    let same_start = a.text.as_bytes().first() == b.text.as_bytes().first();
    same_start && (within_one_edit(&a.text, &b.text) || within_one_edit(&a.key, &b.key))
}

/// Shortest token that [`is_slip_of_listed`] reads as a slip: in two letters one edit is half
/// the name.
const MIN_SLIP_LETTERS: usize = 3;

/// Returns whether two keys differ only as romanisations of one spoken name do. That is a short
/// `a` between consonants written or left out (Kamala/Kamla, Pradeep/Pardeep), or, for two family
/// names, one vowel inside the name (Verma/Varma, Mondal/Mandal).
fn is_romanisation_variant(a: &NameToken, b: &NameToken) -> bool {
    let (x, y) = (a.key.as_bytes(), b.key.as_bytes());
    let both_family = a.role == TokenRole::Family && b.role == TokenRole::Family;
    differs_by_inner_a(x, y) || (both_family && differs_by_inner_vowel(x, y))
}

/// Returns whether `x` and `y` differ by one `a` inserted inside the word (not first or last), or
/// by an `a` swapped with a neighbouring letter.
fn differs_by_inner_a(x: &[u8], y: &[u8]) -> bool {
    let (long, short) = if x.len() >= y.len() { (x, y) } else { (y, x) };
    if long.len() == short.len() + 1 {
        return (1..long.len() - 1)
            .any(|i| long[i] == b'a' && long[..i] == short[..i] && long[i + 1..] == short[i..]);
    }
    if long.len() != short.len() {
        return false;
    }
    let differing: Vec<usize> = (0..long.len()).filter(|&i| long[i] != short[i]).collect();
    matches!(differing[..], [i, j] if j == i + 1
        && long[i] == short[j]
        && long[j] == short[i]
        && (long[i] == b'a' || long[j] == b'a'))
}

/// Returns whether `x` and `y` have one length and differ in one vowel that is neither first nor
/// last.
fn differs_by_inner_vowel(x: &[u8], y: &[u8]) -> bool {
    if x.len() != y.len() {
        return false;
    }
    let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let differing: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
    matches!(differing[..], [i] if i > 0 && i + 1 < x.len() && is_vowel(x[i]) && is_vowel(y[i]))
}

fn is_gendered_pair(a: &NameToken, b: &NameToken, sexes: (Option<Sex>, Option<Sex>)) -> bool {
    let Some((form_a, form_b)) = gendered_forms(a, b) else {
        return false;
    };
    let agrees = |form: NameSex, sex: Option<Sex>| {
        matches!(
            (form, sex),
            (NameSex::Male, Some(Sex::Male)) | (NameSex::Female, Some(Sex::Female))
        )
    };
    agrees(form_a, sexes.0) && agrees(form_b, sexes.1)
}

/// Returns the sexes of two tokens when they are the male and female forms of one name: either the
/// lists give them opposite sexes, or one is the other plus a feminine ending (Sunil/Sunila).
fn gendered_forms(a: &NameToken, b: &NameToken) -> Option<(NameSex, NameSex)> {
    let listed = match (a.sex, b.sex) {
        (Some(NameSex::Male), Some(NameSex::Female)) => Some((NameSex::Male, NameSex::Female)),
        (Some(NameSex::Female), Some(NameSex::Male)) => Some((NameSex::Female, NameSex::Male)),
        _ => None,
    };
    if listed.is_some() {
        return listed;
    }
    // The keys catch a male form spelt another way (Suneel/Sunila).
    let feminine = |long: &NameToken, short: &NameToken| {
        let ends_feminine = |long: &str, short: &str| {
            long.strip_prefix(short)
                .is_some_and(|ending| matches!(ending, "a" | "i" | "ee" | "e"))
        };
        ends_feminine(&long.text, &short.text) || ends_feminine(&long.key, &short.key)
    };
    if feminine(b, a) && a.sex != Some(NameSex::Female) {
        return Some((NameSex::Male, NameSex::Female));
    }
    if feminine(a, b) && b.sex != Some(NameSex::Female) {
        return Some((NameSex::Female, NameSex::Male));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(raw: &str) -> Vec<Vec<String>> {
        normalise_name(raw)
    }

    fn one(raw: &str) -> Vec<String> {
        let mut all = normalise_name(raw);
        assert_eq!(all.len(), 1, "{raw} gave {all:?}");
        all.remove(0)
    }

    #[test]
    fn case_and_punctuation_are_dropped() {
        assert_eq!(one("AARTI  Sunil-Jadhav."), ["aarti", "sunil", "jadhav"]);
    }

    #[test]
    fn honorifics_are_dropped() {
        assert_eq!(one("Shri Ramesh Pawar"), ["ramesh", "pawar"]);
        assert_eq!(one("Smt. Sunita Devi"), ["sunita", "devi"]);
        assert_eq!(one("Km. Pooja"), ["pooja"]);
        assert_eq!(one("Kumari Pooja"), ["pooja"]);
        assert_eq!(one("Master Rohan"), ["rohan"]);
    }

    #[test]
    fn trailing_suffix_names_are_kept() {
        assert_eq!(one("Pooja Kumari"), ["pooja", "kumari"]);
        assert_eq!(one("Rajesh Kr."), ["rajesh", "kumar"]);
        assert_eq!(one("Kumar"), ["kumar"]);
    }

    #[test]
    fn relation_markers_cut_the_relative() {
        assert_eq!(one("Rahul S/o Ramesh Yadav"), ["rahul"]);
        assert_eq!(one("Priya D/O Mohan"), ["priya"]);
        assert_eq!(one("Sita w/o Ram"), ["sita"]);
        assert_eq!(one("Raju son of Shyam"), ["raju"]);
        assert_eq!(one("राहुल पुत्र रमेश"), ["rahul"]);
        assert_eq!(one("पूजा पुत्री मोहन"), ["puja"]);
        assert_eq!(one("Raju age 12"), ["raju"]);
    }

    #[test]
    fn aliases_split_into_alternatives() {
        assert_eq!(norm("Rakhi @ Payal"), [vec!["rakhi"], vec!["payal"]]);
        assert_eq!(norm("Ram urf Raju"), [vec!["ram"], vec!["raju"]]);
        assert_eq!(norm("Salma (Munni)"), [vec!["salma"], vec!["munni"]]);
    }

    #[test]
    fn name_like_honorifics_are_kept_alone_or_last() {
        assert_eq!(one("Selvi"), ["selvi"]);
        assert_eq!(one("Selvi Priya"), ["priya"]);
        assert_eq!(one("Kavitha Selvi"), ["kavitha", "selvi"]);
    }

    #[test]
    fn joined_suffixes_and_mohammad_split() {
        assert_eq!(one("Rameshbhai"), ["ramesh", "bhai"]);
        assert_eq!(one("Hetalben Patel"), ["hetal", "ben", "patel"]);
        assert_eq!(one("Anilkumar"), ["anil", "kumar"]);
        assert_eq!(one("Rajkumari"), ["raj", "kumari"]);
        assert_eq!(one("Mohdarif"), ["mohammad", "arif"]);
    }

    #[test]
    fn short_or_honorific_heads_stay_joined() {
        assert_eq!(one("Sukumar"), ["sukumar"]);
        assert_eq!(one("Sridevi"), ["sridevi"]);
        assert_eq!(one("Mohammadi"), ["mohammadi"]);
    }

    #[test]
    fn family_name_written_first_moves_last() {
        let texts = |raw: &str| -> Vec<String> {
            parse_name(raw)[0]
                .tokens
                .iter()
                .map(|t| t.text.clone())
                .collect()
        };

        assert_eq!(texts("Patil Sanket Ramesh"), ["sanket", "ramesh", "patil"]);
        assert_eq!(texts("Md Irfan Ansari"), ["irfan", "ansari", "mohammad"]);
        assert_eq!(texts("Aarti Kumari Jadhav"), ["aarti", "kumari", "jadhav"]);
        assert_eq!(texts("K. Ramesh"), ["ramesh", "k"]);
        assert_eq!(texts("Rahul K. Sharma"), ["rahul", "k", "sharma"]);
    }

    #[test]
    fn mohammad_spellings_fold() {
        for raw in ["Mohd Arif", "Md. Arif", "Muhammad Arif", "Mohammed Arif"] {
            assert_eq!(one(raw), ["mohammad", "arif"], "{raw}");
        }
    }

    #[test]
    fn initials_are_kept_as_single_letters() {
        assert_eq!(one("K. Ramesh"), ["k", "ramesh"]);
        let parsed = parse_name("K.Ramesh");
        let initial = parsed[0].tokens.iter().find(|t| t.text == "k");
        assert_eq!(initial.map(|t| t.role), Some(TokenRole::Initial));
    }

    #[test]
    fn devanagari_compares_as_latin() {
        assert_eq!(one("आरती जाधव"), ["aarti", "jadhav"]);
    }

    #[test]
    fn accents_fold_to_ascii() {
        assert_eq!(one("Lakṣmī Śarmā"), ["laksmi", "sarma"]);
    }

    #[test]
    fn empty_and_noise_give_nothing() {
        assert!(norm("").is_empty());
        assert!(norm("  -- ").is_empty());
        assert!(norm("Shri").is_empty());
        assert!(norm("12345").is_empty());
    }

    #[test]
    fn roles_come_from_the_lists() {
        let parsed = parse_name("Aarti Kumari Jadhav");
        let roles: Vec<TokenRole> = parsed[0].tokens.iter().map(|t| t.role).collect();

        assert_eq!(
            roles,
            [TokenRole::Given, TokenRole::Suffix, TokenRole::Family]
        );
    }

    #[test]
    fn closing_tokens_are_suffixes() {
        for raw in [
            "Sunita Devi",
            "Kamla Bai",
            "Hetal Ben",
            "Salma Begum",
            "Rajesh Kumar",
            "Pooja Kumari",
        ] {
            let parsed = parse_name(raw);
            let last = parsed[0].tokens.last().map(|t| t.role);

            assert_eq!(last, Some(TokenRole::Suffix), "{raw}");
        }
    }

    #[test]
    fn common_tokens_have_large_shares() {
        let parsed = parse_name("Rahul Kumar Singh Zorawarpreet");
        let shares: Vec<f64> = parsed[0].tokens.iter().map(|t| t.share).collect();

        assert!(shares[1] > 0.1, "Kumar {}", shares[1]);
        assert!(shares[2] > 0.05, "Singh {}", shares[2]);
        assert_eq!(shares[3], 0.0);
    }

    fn token(text: &str) -> NameToken {
        make_token(text)
    }

    /// Checks that the quick test in [`compare_tokens`] only skips work: over listed names, their
    /// slips, initials and suffixes it gives what the full comparison gives.
    #[test]
    fn quick_test_agrees_with_full_comparison() {
        let lists = name_lists();
        let mut texts: Vec<String> = Vec::new();
        for given_name in lists.given_names().iter().step_by(7).take(150) {
            let name = given_name.name.to_lowercase();
            // A letter left out and one doubled: slips that stay close to the name.
            let mut dropped = name.clone();
            dropped.remove(name.len() / 2);
            let doubled = format!("{name}{}", &name[name.len() - 1..]);
            texts.extend([name, dropped, doubled]);
        }

        texts.extend(
            lists
                .surnames()
                .iter()
                .take(60)
                .map(|s| s.name.to_lowercase()),
        );
        texts.extend(["r", "s", "m", "kumar", "kumari", "devi", "bai"].map(String::from));
        let tokens: Vec<NameToken> = texts.iter().map(|t| token(t)).collect();

        let sexes = [
            (None, None),
            (Some(Sex::Male), Some(Sex::Female)),
            (Some(Sex::Female), Some(Sex::Male)),
        ];

        let mut related = 0;
        for a in &tokens {
            for b in &tokens {
                for pair in sexes {
                    let full = compare_close_tokens(a, b, pair);
                    assert_eq!(compare_tokens(a, b, pair), full, "{}/{}", a.text, b.text);
                    related += usize::from(full != TokenLevel::Different);
                }
            }
        }

        // Without related pairs beyond each token with itself, the test would show nothing.
        assert!(related > 3 * 2 * tokens.len(), "{related} related pairs");
    }

    #[test]
    fn token_levels_follow_spelling_distance() {
        let none = (None, None);
        assert_eq!(
            compare_tokens(&token("aarti"), &token("aarti"), none),
            TokenLevel::Exact
        );
        assert_eq!(
            compare_tokens(&token("aarti"), &token("arti"), none),
            TokenLevel::Phonetic
        );
        assert_eq!(
            compare_tokens(&token("laxmi"), &token("lakshmi"), none),
            TokenLevel::Phonetic
        );
        assert_eq!(
            compare_tokens(&token("priyanka"), &token("priyamka"), none),
            TokenLevel::Fuzzy
        );
        assert_eq!(
            compare_tokens(&token("r"), &token("ramesh"), none),
            TokenLevel::Initial
        );
        assert_eq!(
            compare_tokens(&token("aarti"), &token("pooja"), none),
            TokenLevel::Different
        );
    }

    #[test]
    fn changed_first_letter_makes_another_name() {
        let none = (None, None);
        for (a, b) in [
            ("mohan", "sohan"),
            ("kavita", "savita"),
            ("ritesh", "nitesh"),
        ] {
            assert_eq!(
                compare_tokens(&token(a), &token(b), none),
                TokenLevel::Different,
                "{a}/{b}"
            );
        }
        // Tamil script writes Ganesh with the letter for k.
        assert_eq!(
            compare_tokens(&token("kanesh"), &token("ganesh"), none),
            TokenLevel::Fuzzy
        );
    }

    #[test]
    fn two_listed_names_one_edit_apart_differ() {
        let none = (None, None);
        for (a, b) in [
            ("rakesh", "rajesh"),
            ("sonam", "sonal"),
            ("priya", "priyanka"),
        ] {
            assert_eq!(
                compare_tokens(&token(a), &token(b), none),
                TokenLevel::Different,
                "{a}/{b}"
            );
        }
    }

    #[test]
    fn slip_of_listed_name_is_fuzzy() {
        let none = (None, None);
        for (listed, slip) in [
            ("aarti", "aari"),
            ("anita", "ainta"),
            ("guddu", "gddu"),
            ("jaya", "jaia"),
        ] {
            assert!(token(listed).listed, "{listed} is listed");
            assert!(!token(slip).listed, "{slip} is not listed");
            assert_eq!(
                compare_tokens(&token(listed), &token(slip), none),
                TokenLevel::Fuzzy,
                "{listed}/{slip}"
            );
        }
        // Two listed names one edit apart stay two names, and a slip keeps the first letter.
        assert_eq!(
            compare_tokens(&token("ravi"), &token("rani"), none),
            TokenLevel::Different
        );
        assert_eq!(
            compare_tokens(&token("anita"), &token("xnita"), none),
            TokenLevel::Different
        );
    }

    #[test]
    fn misspelt_family_name_keeps_its_role() {
        let parsed = parse_name("Yashoda Seengh");
        let roles: Vec<TokenRole> = parsed[0].tokens.iter().map(|t| t.role).collect();

        assert!(!parsed[0].tokens[1].listed, "seengh is not listed");
        assert_eq!(roles, [TokenRole::Given, TokenRole::Family]);
    }

    #[test]
    fn inner_a_and_family_vowels_are_spellings() {
        let none = (None, None);
        for (a, b) in [
            ("kamala", "kamla"),
            ("pradeep", "pardeep"),
            ("verma", "varma"),
        ] {
            assert_eq!(
                compare_tokens(&token(a), &token(b), none),
                TokenLevel::Fuzzy,
                "{a}/{b}"
            );
        }
    }

    #[test]
    fn gendered_pair_found_through_keys() {
        let sexes = (Some(Sex::Male), Some(Sex::Female));

        let level = compare_tokens(&token("suneel"), &token("sunila"), sexes);

        assert_eq!(level, TokenLevel::Different);
    }

    #[test]
    fn gendered_pairs_differ_when_sexes_agree_with_endings() {
        let (sunil, sunila) = (token("sunil"), token("sunila"));

        let both_agree = compare_tokens(&sunil, &sunila, (Some(Sex::Male), Some(Sex::Female)));
        let one_disagrees = compare_tokens(&sunil, &sunila, (Some(Sex::Female), Some(Sex::Female)));

        assert_eq!(both_agree, TokenLevel::Different);
        assert_ne!(one_disagrees, TokenLevel::Different);
    }
}
