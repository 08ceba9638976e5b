//! A phonetic key for Indian names written in Latin letters.
//!
//! The key folds the spelling differences that Indian romanisation allows for one spoken name.
//! Consonants: aspirates written or not (Jadhav/Jadav, Bhavna/Bavna), `sh` and `s` (Shiv/Siv),
//! `v`, `w` and `b` (Vivek/Wiwek, Bikash/Vikas), `ksh` and `x` (Lakshmi/Laxmi), `z` and `j`
//! (Zubair/Jubair), and Tamil `zh` inside a word and `l` (Tamizh/Tamil).
//! Vowels: a `y` between `a` and `i` (Sayi/Sai) or in `iya` (Gudiya/Gudia, Priya/Pria), long
//! vowels doubled or not (Aarti/Arti, Suneel/Sunil, Pooja/Puja), `ai`/`ei`/final `ay`/final `ey`
//! as `e` (Sanjay/Sanjai, Jay/Jai, Pandey/Pande), and `au`/`ou` as `o` (Gaurav/Gourav).
//! Endings and letters: `-dra`/`-der`/`-dar` (Rajendra/Rajender, with `e`/`i` before them:
//! Rajinder), doubled consonants and a final `h`.
//! The key keeps a final vowel, because it often carries gender (Sunil/Sunila). Bengali, Assamese
//! and Odia write the letter व as b, so `b` folds with `v` and `w`.

/// Spelling rules applied left to right; at each position the first rule whose pattern matches is
/// used, so longer patterns come first.
const RULES: &[(&str, &str)] = &[
    ("ksh", "ks"),
    ("chh", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("ph", "f"),
    ("bh", "b"),
    ("dh", "d"),
    ("th", "t"),
    ("gh", "g"),
    ("kh", "k"),
    ("jh", "j"),
    ("rh", "r"),
    ("zh", "l"),
    ("x", "ks"),
    ("q", "k"),
    ("w", "b"),
    ("v", "b"),
    ("z", "j"),
    ("ayi", "ai"),
    ("iya", "ia"),
    ("ee", "i"),
    ("ii", "i"),
    ("ie", "i"),
    ("oo", "u"),
    ("uu", "u"),
    ("aa", "a"),
    ("au", "o"),
    ("ou", "o"),
    ("ai", "e"),
    ("ei", "e"),
];

/// Maximum number of passes of [`RULES`]. One rewrite can expose another (saayi → sayi → sai →
/// se), and the loop stops early once a pass changes nothing.
const MAX_PASSES: usize = 4;

/// Returns the phonetic key of one lowercase Latin name token.
///
/// Two spellings with the same key are treated as the same spoken name. Characters other than
/// ASCII letters are ignored.
pub fn phonetic_key(token: &str) -> String {
    let letters: String = token
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    // Tamil zh sits inside words (Tamizh, Azhagan). At the start it is z written with an
    // aspirate, as in Zha for Jha.
    let letters = match letters.strip_prefix("zh") {
        Some(rest) => format!("jh{rest}"),
        None => letters,
    };
    let mut key = hard_c_to_k(&letters);
    for _ in 0..MAX_PASSES {
        let next = apply_rules(&key);
        if next == key {
            break;
        }
        key = next;
    }
    fold_endings(&mut key);
    collapse_doubles(&mut key);
    if key.len() > 1 && key.ends_with('h') {
        key.pop();
    }
    key
}

/// Writes a `c` that does not start `ch` as `k` (Chandrakant, Vicky); `ch` itself stays apart
/// from `k`, so Chaya and Kaya keep different keys.
fn hard_c_to_k(letters: &str) -> String {
    let bytes = letters.as_bytes();
    let mut out = String::with_capacity(letters.len());
    for (i, &b) in bytes.iter().enumerate() {
        let soft = b == b'c' && bytes.get(i + 1) == Some(&b'h');
        let doubled_k = b == b'c' && bytes.get(i + 1) == Some(&b'k');
        if doubled_k {
            continue;
        }
        out.push(if b == b'c' && !soft {
            'k'
        } else {
            char::from(b)
        });
    }
    out
}

fn apply_rules(letters: &str) -> String {
    let mut out = String::with_capacity(letters.len());
    let mut rest = letters;
    while !rest.is_empty() {
        if let Some((pattern, replacement)) =
            RULES.iter().find(|(pattern, _)| rest.starts_with(pattern))
        {
            out.push_str(replacement);
            rest = &rest[pattern.len()..];
        } else {
            // `rest` holds only ASCII letters, so one byte is one character.
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out
}

fn fold_endings(key: &mut String) {
    for ending in ["ay", "ey"] {
        if key.len() >= 3 && key.ends_with(ending) {
            key.truncate(key.len() - 2);
            key.push('e');
        }
    }
    if key.len() > 3
        && key.ends_with('y')
        && !key[..key.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        key.pop();
        key.push('i');
    }
    for ending in ["ndra", "nder", "ndar"] {
        if key.len() > ending.len() && key.ends_with(ending) {
            key.truncate(key.len() - ending.len());
            key.push_str("ndr");
        }
    }
    if key.ends_with("endr") {
        let at = key.len() - 4;
        key.replace_range(at..at + 1, "i");
    }
}

fn collapse_doubles(key: &mut String) {
    let mut previous = None;
    key.retain(|c| {
        let keep = previous != Some(c);
        previous = Some(c);
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(
            phonetic_key(a),
            phonetic_key(b),
            "{a} and {b} should share a key"
        );
    }

    fn differ(a: &str, b: &str) {
        assert_ne!(
            phonetic_key(a),
            phonetic_key(b),
            "{a} and {b} should have different keys"
        );
    }

    #[test]
    fn long_vowels_fold() {
        same("aarti", "arti");
        same("suneel", "sunil");
        same("pooja", "puja");
        same("deepak", "dipak");
    }

    #[test]
    fn aspirates_fold() {
        same("jadhav", "jadav");
        same("bhavna", "bavna");
        same("khushboo", "kusbu");
        same("chhaya", "chaya");
    }

    #[test]
    fn sibilants_and_labials_fold() {
        same("lakshmi", "laxmi");
        same("shiv", "siv");
        same("vivek", "wiwek");
        same("zubair", "jubair");
    }

    #[test]
    fn b_and_v_fold() {
        same("bikash", "vikas");
        same("jiban", "jeevan");
        same("paban", "pawan");
        differ("babita", "sabita");
    }

    #[test]
    fn tamil_spellings_fold() {
        same("tamizh", "tamil");
        same("azhagu", "alagu");
        same("sayi", "sai");
    }

    #[test]
    fn diphthongs_and_endings_fold() {
        same("gaurav", "gourav");
        same("sanjay", "sanjai");
        same("jay", "jai");
        same("gudiya", "gudia");
        same("priya", "pria");
        same("zha", "jha");
        same("tamizh", "tamil");
        same("pandey", "pande");
        same("pinky", "pinki");
        same("rajendra", "rajender");
        same("rajendra", "rajinder");
        same("surendra", "surendar");
        same("fatimah", "fatima");
        same("mukesh", "mukessh");
    }

    #[test]
    fn rewrites_settle_in_more_than_one_pass() {
        same("jaain", "jain");
        same("vicky", "viki");
        differ("chaya", "kaya");
    }

    #[test]
    fn gender_endings_stay_apart() {
        differ("sunil", "sunila");
        differ("ram", "rama");
        differ("aarti", "arun");
    }

    #[test]
    fn non_letters_are_ignored() {
        assert_eq!(phonetic_key("o'brien"), phonetic_key("obrien"));
        assert_eq!(phonetic_key(""), "");
    }
}
