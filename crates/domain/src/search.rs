//! Keys for searching reports by name: each name token of the child (name, Latin name and
//! aliases) reduced to its phonetic key, so that a search for "Laxmi" finds "Lakshmi" and a search
//! in Devanagari finds the Latin spelling.

use crate::names::{normalise_name, phonetic_key};
use crate::wire::Child;

/// The space-delimited phonetic keys of a child's names, with a leading and trailing space so a
/// whole key can be matched with `LIKE '% key %'`. Empty (a single space) when the child has no
/// name.
pub fn name_search_keys(child: &Child) -> String {
    let names = child.name.iter().chain(child.name_latin.iter()).chain(child.aliases.iter());
    let mut keys: Vec<String> = Vec::new();
    for name in names {
        for key in query_keys(name) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    format!(" {} ", keys.join(" "))
}

/// Phonetic keys of the name tokens in a search query, longest first, without duplicates.
pub fn query_keys(query: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for alternative in normalise_name(query) {
        for token in alternative {
            let key = phonetic_key(&token);
            if !key.is_empty() && !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(name: &str, aliases: &[&str]) -> Child {
        Child { name: Some(name.into()), aliases: aliases.iter().map(|a| a.to_string()).collect(), ..Child::default() }
    }

    #[test]
    fn spelling_variants_share_keys() {
        let keys = name_search_keys(&child("Lakshmi Devi", &[]));

        for query in ["Laxmi", "LAKSHMI", "laxmee"] {
            let wanted = query_keys(query);
            assert!(wanted.iter().all(|k| keys.contains(&format!(" {k} "))), "{query}: {wanted:?} not in {keys}");
        }
    }

    #[test]
    fn aliases_are_searchable() {
        let keys = name_search_keys(&child("Rakhi Kumari", &["Payal"]));

        let payal = query_keys("Payal");
        assert!(keys.contains(&format!(" {} ", payal[0])), "{keys}");
    }

    #[test]
    fn unnamed_child_has_no_keys() {
        assert_eq!(name_search_keys(&Child::default()).trim(), "");
        assert!(query_keys("  ").is_empty());
    }
}
