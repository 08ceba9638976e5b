//! Frequencies of name tokens, from the embedded name lists.
//!
//! `data/indian_given_names.csv` counts first names and `data/indian_surnames.csv` counts last
//! tokens of about 30,000 records collected mostly in North India, so the shares lean north (a
//! Marathi surname such as Jadhav looks rarer than it is in Maharashtra). The lists also give each
//! given name's usual sex and mark the tokens that close a name without being a family name
//! (Kumar, Devi, Bai, Begum and the like).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::phonetic::phonetic_key;

const GIVEN_NAMES_CSV: &str = include_str!("../../data/indian_given_names.csv");
const SURNAMES_CSV: &str = include_str!("../../data/indian_surnames.csv");

/// Share of records given to "Mohammad" after folding Mohd, Md and Muhammad into it. The lists
/// strip Mohd and Md as abbreviations before counting, so their own share (0.05%) is far too
/// low; NOTE: this is an estimate, not a count.
const MOHAMMAD_SHARE: f64 = 0.03;

/// Usual sex of a given name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSex {
    Male,
    Female,
    Either,
}

/// The name lists' record of one normalised token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenStats {
    /// Share of records whose first name is this token; 0 when only listed.
    pub given_share: f64,
    /// Share of records whose last token is this token; 0 when only listed or absent.
    pub surname_share: f64,
    /// Usual sex when the token is a given name.
    pub sex: Option<NameSex>,
    /// Whether the token closes names without being a family name (Kumar, Devi, Begum).
    pub is_suffix: bool,
    /// Whether the token is listed as a family name.
    pub is_surname: bool,
    /// Whether the token is listed at all.
    pub listed: bool,
}

/// The parsed name lists.
#[derive(Debug)]
pub struct NameLists {
    tokens: HashMap<&'static str, TokenStats>,
    key_shares: HashMap<String, f64>,
    /// Phonetic keys whose listed spellings are mostly family names (Singh, Sharma).
    family_keys: HashSet<String>,
    given: Vec<GivenName>,
    surnames: Vec<Surname>,
    /// Deletion index of the listed keys, built on first use by [`NameLists::keys_one_edit_away`].
    deletions: OnceLock<HashMap<String, Vec<String>>>,
}

/// One row of the given-name list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GivenName {
    /// Display form, e.g. `Aarti`.
    pub name: &'static str,
    pub sex: NameSex,
    /// Number of records with this first name; 0 when the name is only listed.
    pub count: u32,
    /// Times the name appeared as an alias after "@", a sign that it is a nickname.
    pub nickname_count: u32,
    /// ISO 3166-2 codes of the states whose regional lists contain the name, `;`-separated; a
    /// hint only, since those lists are hand-made.
    pub regions: &'static str,
}

/// One family name of the surname list (the suffixes and given-name elements are left out).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Surname {
    /// Display form, e.g. `Jadhav`.
    pub name: &'static str,
    /// Number of records whose last token is this name; 0 when the name is only listed.
    pub count: u32,
    /// ISO 3166-2 codes of the states whose regional lists contain the name, `;`-separated.
    pub regions: &'static str,
}

/// Returns the embedded name lists, parsed on first use.
pub fn name_lists() -> &'static NameLists {
    static LISTS: OnceLock<NameLists> = OnceLock::new();
    LISTS.get_or_init(NameLists::parse)
}

impl NameLists {
    fn parse() -> NameLists {
        let mut tokens: HashMap<&'static str, TokenStats> = HashMap::new();
        let mut given = Vec::new();
        let mut surnames = Vec::new();
        for cols in rows(GIVEN_NAMES_CSV) {
            let sex = match cols[2] {
                "m" => NameSex::Male,
                "f" => NameSex::Female,
                _ => NameSex::Either,
            };
            let share = share(cols[4]);
            given.push(GivenName {
                name: cols[0],
                sex,
                count: count(cols[3]),
                nickname_count: count(cols[7]),
                regions: cols.get(9).copied().unwrap_or(""),
            });
            let entry = tokens.entry(cols[1]).or_insert_with(TokenStats::unlisted);
            entry.given_share = share;
            entry.sex = Some(sex);
            entry.listed = true;
        }
        for cols in rows(SURNAMES_CSV) {
            let share = share(cols[3]);
            let is_suffix = cols[4] == "suffix";
            if cols[4] == "surname" {
                surnames.push(Surname {
                    name: cols[0],
                    count: count(cols[2]),
                    regions: cols.get(6).copied().unwrap_or(""),
                });
            }
            let entry = tokens.entry(cols[1]).or_insert_with(TokenStats::unlisted);
            entry.surname_share = share;
            entry.is_suffix = is_suffix;
            entry.is_surname = cols[4] == "surname";
            entry.listed = true;
        }
        if let Some(entry) = tokens.get_mut("mohammad") {
            entry.given_share = MOHAMMAD_SHARE;
        }
        let mut key_shares: HashMap<String, f64> = HashMap::new();
        for (token, stats) in &tokens {
            *key_shares.entry(phonetic_key(token)).or_default() +=
                stats.given_share.max(stats.surname_share);
        }
        let mut key_roles: HashMap<String, (f64, f64)> = HashMap::new();
        for (token, stats) in &tokens {
            if stats.is_surname || stats.given_share > 0.0 {
                let (given, family) = key_roles.entry(phonetic_key(token)).or_default();
                *given += stats.given_share;
                if stats.is_surname {
                    *family += stats.surname_share;
                }
            }
        }
        let family_keys = key_roles
            .into_iter()
            .filter(|(_, (given, family))| *family > 0.0 && family >= given)
            .map(|(key, _)| key)
            .collect();
        NameLists {
            tokens,
            key_shares,
            family_keys,
            given,
            surnames,
            deletions: OnceLock::new(),
        }
    }

    /// Returns what the lists record about a normalised token, if it is listed.
    pub fn token(&self, token: &str) -> Option<&TokenStats> {
        self.tokens.get(token)
    }

    /// Returns the share of records whose name token sounds like `key`, summed over every listed
    /// spelling with that phonetic key.
    pub fn key_share(&self, key: &str) -> f64 {
        self.key_shares.get(key).copied().unwrap_or(0.0)
    }

    /// Returns whether the listed spellings with phonetic key `key` are mostly family names, so
    /// that an unlisted spelling of one (Seengh for Singh) can be read as a family name.
    pub fn is_family_key(&self, key: &str) -> bool {
        self.family_keys.contains(key)
    }

    /// Returns the given names in file order, most common first.
    pub fn given_names(&self) -> &[GivenName] {
        &self.given
    }

    /// Returns the family names in file order, most common first.
    pub fn surnames(&self) -> &[Surname] {
        &self.surnames
    }

    /// Returns the phonetic keys of listed names one edit away from `key` (a letter added,
    /// dropped or changed), most common first, at most `limit` of them. `key` itself is left out.
    ///
    /// A token that neither list contains is most often a misspelling ("Raesh", "Monoj"). Its key
    /// then differs from the true name's, and these are the keys it most likely meant.
    pub fn keys_one_edit_away(&self, key: &str, limit: usize) -> Vec<&str> {
        if !key.is_ascii() {
            return Vec::new();
        }
        let deletions = self.deletions.get_or_init(|| self.deletion_index());
        let mut found: Vec<&str> = Vec::new();
        let mut visit = |variant: &str| {
            for listed in deletions.get(variant).into_iter().flatten() {
                let listed = listed.as_str();
                if listed != key && !found.contains(&listed) && one_edit_apart(listed, key) {
                    found.push(listed);
                }
            }
        };
        visit(key);
        for variant in deletions_of(key) {
            visit(&variant);
        }
        found.sort_by(|a, b| {
            self.key_share(b)
                .total_cmp(&self.key_share(a))
                .then(a.cmp(b))
        });
        found.truncate(limit);
        found
    }

    /// Maps every listed key, and every form of it with one letter dropped, to the listed keys
    /// it comes from: two keys one edit apart share an entry.
    fn deletion_index(&self) -> HashMap<String, Vec<String>> {
        let mut index: HashMap<String, Vec<String>> = HashMap::new();
        for key in self.key_shares.keys() {
            index.entry(key.clone()).or_default().push(key.clone());
            for variant in deletions_of(key) {
                let listed = index.entry(variant).or_default();
                if !listed.contains(key) {
                    listed.push(key.clone());
                }
            }
        }
        index
    }
}

/// Returns the forms of `key` with one letter dropped.
fn deletions_of(key: &str) -> impl Iterator<Item = String> + '_ {
    (0..key.len()).map(move |at| {
        let mut variant = String::with_capacity(key.len());
        variant.push_str(&key[..at]);
        variant.push_str(&key[at + 1..]);
        variant
    })
}

/// Returns whether two ASCII keys differ by one inserted, deleted or replaced letter.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        prefix < short.len() && short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

impl TokenStats {
    fn unlisted() -> TokenStats {
        TokenStats {
            given_share: 0.0,
            surname_share: 0.0,
            sex: None,
            is_suffix: false,
            is_surname: false,
            listed: false,
        }
    }
}

fn rows(csv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|c| c.len() >= 7)
}

fn count(cell: &str) -> u32 {
    cell.trim()
        .parse()
        .expect("embedded name lists give counts as integers")
}

fn share(cell: &str) -> f64 {
    cell.trim()
        .parse()
        .expect("embedded name lists give shares as decimals")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_tokens_have_large_shares() {
        let lists = name_lists();

        let kumar = lists.token("kumar").expect("Kumar is listed");
        let jadhav = lists.token("jadhav").expect("Jadhav is listed");

        assert!(kumar.is_suffix);
        assert!(kumar.surname_share > 0.1, "{kumar:?}");
        assert!(jadhav.is_surname);
        assert!(jadhav.surname_share < 0.001, "{jadhav:?}");
    }

    #[test]
    fn given_names_carry_their_sex() {
        let lists = name_lists();

        assert_eq!(
            lists.token("sunil").and_then(|t| t.sex),
            Some(NameSex::Male)
        );
        assert_eq!(
            lists.token("sunita").and_then(|t| t.sex),
            Some(NameSex::Female)
        );
        assert!(lists.given_names().len() > 7000);
        assert!(lists.surnames().len() > 800);
    }

    #[test]
    fn misspelt_keys_lead_back_to_listed_names() {
        let lists = name_lists();
        let cases = [
            ("raesh", "rajesh"),
            ("monoj", "manoj"),
            ("sajay", "sanjay"),
            ("pince", "prince"),
        ];
        for (typed, meant) in cases {
            let (typed, meant) = (phonetic_key(typed), phonetic_key(meant));
            let keys = lists.keys_one_edit_away(&typed, 8);
            assert!(keys.contains(&meant.as_str()), "{typed}: {keys:?}");
            assert!(!keys.contains(&typed.as_str()));
        }
        assert!(lists.keys_one_edit_away("", 8).is_empty());
        assert_eq!(lists.keys_one_edit_away(&phonetic_key("raesh"), 1).len(), 1);
    }

    #[test]
    fn one_edit_means_one_letter() {
        assert!(one_edit_apart("rajes", "rajesh"));
        assert!(one_edit_apart("rajesh", "ramesh"));
        assert!(one_edit_apart("rjesh", "rajesh"));
        assert!(!one_edit_apart("rajesh", "rajesh"));
        assert!(!one_edit_apart("rakesh", "ramesk"));
        assert!(!one_edit_apart("ra", "rajesh"));
        assert!(one_edit_apart("a", ""));
    }

    #[test]
    fn spellings_pool_their_shares_by_sound() {
        let lists = name_lists();

        let aarti = lists.token("aarti").map_or(0.0, |t| t.given_share);
        let pooled = lists.key_share(&phonetic_key("arti"));

        assert!(
            pooled > aarti,
            "pooled {pooled} should exceed Aarti alone {aarti}"
        );
    }
}
