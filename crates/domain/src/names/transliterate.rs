//! Transliteration of names in Indian scripts to Latin letters.
//!
//! Devanagari is read letter by letter with the inherent vowel `a` after each consonant, then the
//! inherent vowel is dropped where Hindi and Marathi speakers drop it: at the end of a word
//! (राम → Ram) and between a vowel and a consonant that carries its own vowel (कमला → Kamla). The
//! other Brahmic scripts in Unicode (Bengali, Gurmukhi, Gujarati, Odia, Tamil, Telugu, Kannada,
//! Malayalam) follow the same layout as Devanagari, 128 code points apart, so their letters are
//! mapped onto the Devanagari letter at the same offset first. Scripts outside that family (Urdu's
//! Arabic script, Ol Chiki, Meitei) are dropped.
//!
//! The output follows everyday Indian spelling, not ISO 15919: long ā is `a` except at the start of
//! a word (आरती → Aarti), ī and ū are `i` and `u`, श and ष are `sh`.

/// First code points of the Brahmic blocks that share Devanagari's layout.
const SCRIPT_BLOCKS: [u32; 9] = [
    0x0900, 0x0980, 0x0A00, 0x0A80, 0x0B00, 0x0B80, 0x0C00, 0x0C80, 0x0D00,
];

/// One written syllable, or a letter written on its own.
#[derive(Debug, Clone, PartialEq)]
enum Unit {
    /// A consonant; `vowel` is `None` while it keeps the inherent `a`, `Some("")` after a virama.
    Consonant {
        latin: &'static str,
        vowel: Option<&'static str>,
    },
    /// An independent vowel, a nasal or visarga mark, or a digit.
    Other(&'static str),
}

/// Transliterates a name written in Devanagari or another Brahmic script to Latin letters, each
/// word in Title Case. Latin letters, spaces and punctuation pass through unchanged; characters of
/// other scripts are dropped.
pub fn transliterate_to_latin(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut word: Vec<Unit> = Vec::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        let Some(offset) = brahmic_offset(c) else {
            flush_word(&mut word, &mut out);
            if c.is_alphabetic() && !c.is_ascii() && !is_latin_letter(c) {
                continue;
            }
            out.push(c);
            continue;
        };
        let nukta_follows = chars.peek().and_then(|&n| brahmic_offset(n)) == Some(0x3C);
        if nukta_follows {
            chars.next();
        }
        push_letter(offset, nukta_follows, &mut word);
    }
    flush_word(&mut word, &mut out);
    out
}

/// Returns whether `name` contains any letter of a Brahmic script.
pub fn has_indic_letters(name: &str) -> bool {
    name.chars().any(|c| brahmic_offset(c).is_some())
}

fn is_latin_letter(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// Offset of `c` within its Brahmic block, as if it were Devanagari.
fn brahmic_offset(c: char) -> Option<u32> {
    let code = u32::from(c);
    SCRIPT_BLOCKS
        .iter()
        .find(|&&base| (base..base + 0x80).contains(&code))
        .map(|&base| code - base)
}

fn push_letter(offset: u32, nukta: bool, word: &mut Vec<Unit>) {
    if let Some(latin) = consonant(offset, nukta) {
        word.push(Unit::Consonant { latin, vowel: None });
        return;
    }
    if let Some(sign) = vowel_sign(offset) {
        match word.last_mut() {
            Some(Unit::Consonant { vowel, .. }) if vowel.is_none() => *vowel = Some(sign),
            // A vowel sign with no consonant before it is written as the vowel itself.
            _ => word.push(Unit::Other(sign)),
        }
        return;
    }
    let other = match offset {
        0x01 | 0x02 | 0x70 => "n",
        0x03 => "h",
        0x05 => "a",
        0x06 => "aa",
        0x07 | 0x08 => "i",
        0x09 | 0x0A => "u",
        0x0B | 0x60 => "ri",
        0x0C | 0x61 => "li",
        0x0D..=0x0F => "e",
        0x10 => "ai",
        0x11..=0x13 => "o",
        0x14 => "au",
        0x50 => "om",
        0x66..=0x6F => DIGITS[(offset - 0x66) as usize],
        0x64 | 0x65 => " ",
        _ => "",
    };
    if !other.is_empty() {
        word.push(Unit::Other(other));
    }
}

const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

fn consonant(offset: u32, nukta: bool) -> Option<&'static str> {
    if nukta {
        let with_nukta = match offset {
            0x15 => Some("q"),
            0x16 => Some("kh"),
            0x17 => Some("g"),
            0x1C => Some("z"),
            0x21 => Some("r"),
            0x22 => Some("rh"),
            0x2B => Some("f"),
            0x2F => Some("y"),
            _ => None,
        };
        if with_nukta.is_some() {
            return with_nukta;
        }
    }
    let latin = match offset {
        0x15 => "k",
        0x16 => "kh",
        0x17 => "g",
        0x18 => "gh",
        0x19 => "n",
        0x1A => "ch",
        0x1B => "chh",
        0x1C => "j",
        0x1D => "jh",
        0x1E => "n",
        0x1F => "t",
        0x20 => "th",
        0x21 => "d",
        0x22 => "dh",
        0x23 => "n",
        0x24 => "t",
        0x25 => "th",
        0x26 => "d",
        0x27 => "dh",
        0x28 | 0x29 => "n",
        0x2A => "p",
        0x2B => "ph",
        0x2C => "b",
        0x2D => "bh",
        0x2E => "m",
        0x2F => "y",
        0x30 | 0x31 => "r",
        0x32 | 0x33 => "l",
        // Tamil and Malayalam ழ sits here; Devanagari's ऴ is rare.
        0x34 => "zh",
        0x35 => "v",
        0x36 | 0x37 => "sh",
        0x38 => "s",
        0x39 => "h",
        0x58 => "q",
        0x59 => "kh",
        0x5A => "g",
        0x5B => "z",
        0x5C => "r",
        0x5D => "rh",
        0x5E => "f",
        0x5F => "y",
        _ => return None,
    };
    Some(latin)
}

fn vowel_sign(offset: u32) -> Option<&'static str> {
    let sign = match offset {
        0x3E => "a",
        0x3F | 0x40 => "i",
        0x41 | 0x42 => "u",
        0x43 | 0x44 => "ri",
        0x45..=0x47 => "e",
        0x48 => "ai",
        0x49..=0x4B => "o",
        0x4C => "au",
        0x4D => "",
        0x62 | 0x63 => "li",
        _ => return None,
    };
    Some(sign)
}

/// Drops the inherent vowels that are not pronounced, writes the word and clears it.
fn flush_word(word: &mut Vec<Unit>, out: &mut String) {
    if word.is_empty() {
        return;
    }
    let spoken = spoken_inherent_vowels(word);
    let start = out.len();
    for (i, unit) in word.iter().enumerate() {
        match unit {
            Unit::Consonant { latin, vowel } => {
                out.push_str(latin);
                match vowel {
                    Some(v) => out.push_str(v),
                    None if spoken[i] => out.push('a'),
                    None => {}
                }
            }
            Unit::Other("n") => out.push_str(nasal_before(word.get(i + 1))),
            Unit::Other(text) => out.push_str(text),
        }
    }
    title_case_from(out, start);
    word.clear();
}

/// Decides for each consonant whether its inherent `a` is pronounced.
fn spoken_inherent_vowels(word: &[Unit]) -> Vec<bool> {
    let mut spoken: Vec<bool> = word
        .iter()
        .map(|u| matches!(u, Unit::Consonant { vowel: None, .. }))
        .collect();
    let last = word.len() - 1;
    // A final `a` stays after a cluster (Indra, Rajendra) and in one-letter words.
    let after_cluster = last > 0
        && matches!(
            word[last - 1],
            Unit::Consonant {
                vowel: Some(""),
                ..
            }
        );
    if spoken[last] && last > 0 && !after_cluster {
        spoken[last] = false;
    }
    for i in (1..last).rev() {
        if !spoken[i] {
            continue;
        }
        let before_is_vowel = match &word[i - 1] {
            Unit::Consonant { vowel: Some(v), .. } => !v.is_empty(),
            Unit::Consonant { vowel: None, .. } => spoken[i - 1],
            Unit::Other(text) => text.starts_with(['a', 'e', 'i', 'o', 'u']),
        };
        let next_has_vowel = match &word[i + 1] {
            Unit::Consonant { vowel: Some(v), .. } => !v.is_empty(),
            Unit::Consonant { vowel: None, .. } => spoken[i + 1],
            Unit::Other(_) => false,
        };
        if before_is_vowel && next_has_vowel {
            spoken[i] = false;
        }
    }
    spoken
}

/// Anusvara sounds `m` before a labial and `n` elsewhere.
fn nasal_before(next: Option<&Unit>) -> &'static str {
    match next {
        Some(Unit::Consonant { latin, .. }) if latin.starts_with(['p', 'b', 'm']) => "m",
        _ => "n",
    }
}

fn title_case_from(out: &mut String, start: usize) {
    if let Some(first) = out[start..].chars().next() {
        let upper: String = first.to_uppercase().collect();
        out.replace_range(start..start + first.len_utf8(), &upper);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devanagari_names_read_as_everyday_spelling() {
        let cases = [
            ("आरती", "Aarti"),
            ("जाधव", "Jadhav"),
            ("सुनील", "Sunil"),
            ("सुनीता", "Sunita"),
            ("कमला", "Kamla"),
            ("लक्ष्मी", "Lakshmi"),
            ("राजेन्द्र", "Rajendra"),
            ("राम", "Ram"),
            ("नमन", "Naman"),
            ("चंपा", "Champa"),
            ("ज़ैनब", "Zainab"),
        ];
        for (devanagari, latin) in cases {
            assert_eq!(transliterate_to_latin(devanagari), latin, "{devanagari}");
        }
    }

    #[test]
    fn words_and_latin_text_are_kept() {
        assert_eq!(
            transliterate_to_latin("आरती सुनील जाधव"),
            "Aarti Sunil Jadhav"
        );
        assert_eq!(transliterate_to_latin("Arti Jadav"), "Arti Jadav");
        assert_eq!(transliterate_to_latin("राहुल @ Chinu"), "Rahul @ Chinu");
    }

    #[test]
    fn other_brahmic_scripts_map_through_devanagari() {
        // Bengali সুনীল and Gujarati સુનીલ are both Sunil.
        assert_eq!(transliterate_to_latin("সুনীল"), "Sunil");
        assert_eq!(transliterate_to_latin("સુનીલ"), "Sunil");
    }

    #[test]
    fn stray_marks_do_not_panic() {
        assert_eq!(transliterate_to_latin("\u{094D}\u{093C}"), "");
        assert_eq!(transliterate_to_latin("ि"), "I");
        assert!(has_indic_letters("राम"));
        assert!(!has_indic_letters("Ram"));
    }
}
