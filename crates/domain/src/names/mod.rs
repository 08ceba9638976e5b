//! Indian personal names: normalisation, transliteration, a phonetic key, token frequencies and
//! token comparison.
//!
//! A raw name goes through [`parse_name`]: Indian scripts are transliterated to Latin, the text is
//! lowercased and stripped of accents, "@", "urf", "alias" and brackets split it into alternative
//! names, relation markers (S/o, D/o, W/o, C/o) cut off the relative's name that follows them,
//! honorifics (Shri, Smt, Km, Kumari before a name, Master, Baby) are dropped, abbreviations are
//! expanded (Mohd and Md to Mohammad, Kr to Kumar) and single letters are kept as initials. Token
//! order is not kept as meaning: a name written surname first compares like the other order.
//!
//! Scoring these comparisons belongs to [`crate::matching`]; this module only says how alike two
//! tokens are and how common a token is.

mod frequency;
mod phonetic;
mod similarity;
mod transliterate;

pub use frequency::{GivenName, NameLists, NameSex, Surname, TokenStats, name_lists};
pub use phonetic::phonetic_key;
pub use similarity::{jaro_winkler, osa_distance};
pub use transliterate::{has_indic_letters, transliterate_to_latin};

use crate::codes::Sex;

/// Tokens dropped wherever they appear: titles and forms of address.
const HONORIFICS: &[&str] = &[
    "shri", "sri", "shree", "sh", "smt", "shrimati", "srimati", "mr", "mrs", "ms", "miss",
    "master", "mast", "km", "kum", "kumar", "late", "dr", "mst", "musammat", "sushri", "selvi",
    "thiru", "tmt", "baby", "babu",
];

/// Honorifics that are also name tokens; they are dropped only before another token.
const LEADING_ONLY_HONORIFICS: &[&str] = &["kumar", "kumari", "baby", "babu", "master", "sh"];

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
        .map(|tokens| ParsedName {
            tokens: tokens.iter().map(|t| make_token(t)).collect(),
        })
        .collect()
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
            current.push(canonical(word).to_string());
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
/// "daughter of", "wife of") or digit, since what follows names a relative, an address or an age.
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
    for phrase in [" son of ", " daughter of ", " wife of ", " age ", " aged "] {
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
    } else if stats.is_some_and(|s| s.is_surname && s.surname_share >= s.given_share) {
        TokenRole::Family
    } else {
        TokenRole::Given
    };
    let share = stats.map_or(0.0, |s| s.given_share.max(s.surname_share));
    NameToken {
        key_share: lists.key_share(&key).max(share),
        key_letters: letter_set(&key),
        key,
        role,
        share,
        sex: stats.and_then(|s| s.sex),
        text: text.to_string(),
    }
}

/// Compares two tokens. `sexes` are the sexes recorded on the two reports the tokens come from:
/// a male and a female form of one name (Sunil and Sunila) count as different names when each
/// report's sex agrees with the form it gives.
pub fn compare_tokens(
    a: &NameToken,
    b: &NameToken,
    sexes: (Option<Sex>, Option<Sex>),
) -> TokenLevel {
    if a.text == b.text {
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
    let level = if a.key == b.key {
        TokenLevel::Phonetic
    } else {
        let shorter = a.key.len().min(b.key.len());
        // One edit in a four-letter key often makes another name (Ravi, Rani), so short keys
        // need a close Jaro–Winkler score instead.
        let one_edit = shorter >= 5 && osa_distance(&a.key, &b.key) <= 1;
        let close = shorter >= 4 && jaro_winkler(&a.key, &b.key) >= 0.9;
        if one_edit || close {
            TokenLevel::Fuzzy
        } else {
            TokenLevel::Different
        }
    };
    if level != TokenLevel::Different && is_gendered_pair(a, b, sexes) {
        return TokenLevel::Different;
    }
    level
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
    let feminine = |long: &str, short: &str| {
        long.strip_prefix(short)
            .is_some_and(|ending| matches!(ending, "a" | "i" | "ee" | "e"))
    };
    if feminine(&b.text, &a.text) && a.sex != Some(NameSex::Female) {
        return Some((NameSex::Male, NameSex::Female));
    }
    if feminine(&a.text, &b.text) && b.sex != Some(NameSex::Female) {
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
        assert_eq!(one("Raju age 12"), ["raju"]);
    }

    #[test]
    fn aliases_split_into_alternatives() {
        assert_eq!(norm("Rakhi @ Payal"), [vec!["rakhi"], vec!["payal"]]);
        assert_eq!(norm("Ram urf Raju"), [vec!["ram"], vec!["raju"]]);
        assert_eq!(norm("Salma (Munni)"), [vec!["salma"], vec!["munni"]]);
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
        assert_eq!(parsed[0].tokens[0].role, TokenRole::Initial);
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
    fn gendered_pairs_differ_when_sexes_agree_with_endings() {
        let (sunil, sunila) = (token("sunil"), token("sunila"));

        let both_agree = compare_tokens(&sunil, &sunila, (Some(Sex::Male), Some(Sex::Female)));
        let one_disagrees = compare_tokens(&sunil, &sunila, (Some(Sex::Female), Some(Sex::Female)));

        assert_eq!(both_agree, TokenLevel::Different);
        assert_ne!(one_disagrees, TokenLevel::Different);
    }
}
