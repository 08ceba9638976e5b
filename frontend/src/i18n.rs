//! The translation catalogue: one JSON file of key → text per language under `frontend/i18n/`,
//! embedded in the binary, and the reactive [`I18n`] context that picks the user's language.
//!
//! A key missing from a language falls back to English, then to the key itself, so a State can add
//! a language by adding a file and one line to [`LANGUAGES`] and translate it over time. Wire codes
//! are looked up as `<group>.<code>`, e.g. `sex.female` or `error.version_mismatch`.

use std::collections::HashMap;
use std::sync::OnceLock;

use leptos::prelude::*;

/// A language the interface can be shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// BCP 47 tag, also written to `<html lang>`.
    pub code: &'static str,
    /// Name of the language in its own script, shown in the switch.
    pub native_name: &'static str,
    catalogue_json: &'static str,
}

/// Languages offered in the switch, in display order; the first is the fallback for missing keys.
pub const LANGUAGES: &[Language] = &[
    Language {
        code: "en",
        native_name: "English",
        catalogue_json: include_str!("../i18n/en.json"),
    },
    Language {
        code: "hi",
        native_name: "हिन्दी",
        catalogue_json: include_str!("../i18n/hi.json"),
    },
];

/// Language used for keys that another language lacks.
pub const FALLBACK_LANGUAGE: &str = "en";

/// `localStorage` key under which the chosen language is remembered.
const STORAGE_KEY: &str = "trackchild.language";

type Catalogue = HashMap<String, String>;

fn catalogues() -> &'static HashMap<&'static str, Catalogue> {
    static CATALOGUES: OnceLock<HashMap<&'static str, Catalogue>> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        LANGUAGES
            .iter()
            // A malformed file would leave its language on English text; the unit tests parse
            // every file so that cannot ship unnoticed.
            .map(|language| {
                (
                    language.code,
                    serde_json::from_str(language.catalogue_json).unwrap_or_default(),
                )
            })
            .collect()
    })
}

/// Returns the text of `key` in `language` only, without fallback.
pub fn lookup(language: &str, key: &str) -> Option<&'static str> {
    catalogues().get(language)?.get(key).map(String::as_str)
}

/// Returns the text of `key` in `language`, else in English, else the key itself.
pub fn translate(language: &str, key: &str) -> String {
    lookup(language, key)
        .or_else(|| lookup(FALLBACK_LANGUAGE, key))
        .map_or_else(|| key.to_string(), str::to_string)
}

/// Replaces each `{name}` in `template` with its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// Finds the offered language with this code.
pub fn language(code: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|language| language.code == code)
}

/// The user's current language, in context. Reading text through it subscribes the view, so a
/// switch re-renders every label.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    current: RwSignal<&'static str>,
}

impl I18n {
    /// Code of the current language, e.g. `hi`.
    pub fn language(&self) -> &'static str {
        self.current.get()
    }

    /// Switches the language and remembers the choice in `localStorage`.
    pub fn set_language(&self, code: &str) {
        if let Some(language) = language(code) {
            self.current.set(language.code);
        }
    }

    /// Text of `key` in the current language.
    pub fn t(&self, key: &str) -> String {
        translate(self.current.get(), key)
    }

    /// Text of `key` with `{name}` placeholders filled in.
    pub fn t_fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(&self.t(key), values)
    }

    /// Returns the label of a wire code in `group` (e.g. `sex`, `female`). A code missing from every
    /// catalogue, such as one a newer server sends, reads as the group's `_unknown` text followed
    /// by the raw code.
    pub fn code(&self, group: &str, code: &str) -> String {
        let key = format!("{group}.{code}");
        let language = self.current.get();
        if let Some(text) = lookup(language, &key).or_else(|| lookup(FALLBACK_LANGUAGE, &key)) {
            return text.to_string();
        }
        let unknown = translate(language, &format!("{group}._unknown"));
        format!("{unknown} ({code})")
    }
}

/// Creates the language context from the remembered choice (English when none) and keeps
/// `<html lang>` and `localStorage` in step with it.
pub fn provide_i18n() -> I18n {
    let initial = remembered_language().unwrap_or(FALLBACK_LANGUAGE);
    let i18n = I18n {
        current: RwSignal::new(initial),
    };
    Effect::new(move |_| {
        let code = i18n.current.get();
        remember_language(code);
        set_document_language(code);
    });
    provide_context(i18n);
    i18n
}

/// Returns the language context provided by [`provide_i18n`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn remembered_language() -> Option<&'static str> {
    let storage = web_sys::window()?.local_storage().ok()??;
    let code = storage.get_item(STORAGE_KEY).ok()??;
    language(&code).map(|language| language.code)
}

fn remember_language(code: &str) {
    let storage = web_sys::window().and_then(|window| window.local_storage().ok().flatten());
    if let Some(storage) = storage {
        // Private browsing can refuse writes; the choice then lasts until reload.
        let _ = storage.set_item(STORAGE_KEY, code);
    }
}

fn set_document_language(code: &str) {
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element());
    if let Some(root) = root {
        let _ = root.set_attribute("lang", code);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trackchild_domain::codes::{
        AgeBasis, BodyLocation, Build, Complexion, ConfirmBasis, FoundBy, FoundCircumstances,
        FoundStatus, LANGUAGE_CODES, MarkType, MatchStatus, MissingCircumstances, MissingStatus,
        RejectReason, Sex,
    };
    use trackchild_domain::input::COMPLAINANT_RELATIONS;

    /// Lists the catalogue keys of every wire code the interface can show.
    fn wire_code_keys() -> Vec<String> {
        fn keys<T: Copy>(group: &str, all: &[T], code: fn(T) -> &'static str) -> Vec<String> {
            all.iter()
                .map(|value| format!("{group}.{}", code(*value)))
                .collect()
        }
        let mut all = Vec::new();
        all.extend(keys("sex", Sex::ALL, Sex::as_str));
        all.extend(keys("age_basis", AgeBasis::ALL, AgeBasis::as_str));
        all.extend(keys("build", Build::ALL, Build::as_str));
        all.extend(keys("complexion", Complexion::ALL, Complexion::as_str));
        all.extend(keys("mark_type", MarkType::ALL, MarkType::as_str));
        all.extend(keys(
            "body_location",
            BodyLocation::ALL,
            BodyLocation::as_str,
        ));
        all.extend(keys(
            "missing_circumstances",
            MissingCircumstances::ALL,
            MissingCircumstances::as_str,
        ));
        all.extend(keys("found_by", FoundBy::ALL, FoundBy::as_str));
        all.extend(keys(
            "found_circumstances",
            FoundCircumstances::ALL,
            FoundCircumstances::as_str,
        ));
        all.extend(keys("basis", ConfirmBasis::ALL, ConfirmBasis::as_str));
        all.extend(keys(
            "reject_reason",
            RejectReason::ALL,
            RejectReason::as_str,
        ));
        all.extend(keys(
            "missing_status",
            MissingStatus::ALL,
            MissingStatus::as_str,
        ));
        all.extend(keys("found_status", FoundStatus::ALL, FoundStatus::as_str));
        all.extend(keys("match_status", MatchStatus::ALL, MatchStatus::as_str));
        all.extend(LANGUAGE_CODES.iter().map(|code| format!("language.{code}")));
        all.extend(
            COMPLAINANT_RELATIONS
                .iter()
                .map(|code| format!("relation.{code}")),
        );
        all
    }

    #[test]
    fn every_catalogue_parses() {
        for language in LANGUAGES {
            let parsed = serde_json::from_str::<Catalogue>(language.catalogue_json);

            assert!(
                parsed.is_ok(),
                "i18n/{}.json: {:?}",
                language.code,
                parsed.err()
            );
        }
    }

    #[test]
    fn wire_codes_labelled_in_every_language() {
        for language in LANGUAGES {
            let missing: Vec<String> = wire_code_keys()
                .into_iter()
                .filter(|key| lookup(language.code, key).is_none())
                .collect();

            assert!(
                missing.is_empty(),
                "i18n/{}.json lacks {missing:?}",
                language.code
            );
        }
    }

    #[test]
    fn match_levels_labelled_in_every_language() {
        // The name fields show how the tokens agreed; every other field shows its level's name.
        let name_labels = [
            "exact",
            "phonetic",
            "fuzzy",
            "partial",
            "different",
            "personal_name_differs",
            "family_name_differs",
            "gendered_suffix_differs",
            "both_parents",
        ];
        let mut keys: Vec<String> = trackchild_domain::matching::Model::prior()
            .table()
            .into_iter()
            .filter(|row| !matches!(row.field, "name" | "parents"))
            .map(|row| format!("match_level.{}", row.level))
            .collect();
        keys.extend(
            name_labels
                .iter()
                .map(|label| format!("match_level.{label}")),
        );
        // The server adds a line for rival reports after the model's fields.
        keys.push("match_field.other_candidates".to_string());
        keys.extend(
            [
                "no_other_reports",
                "other_missing_reports",
                "other_found_reports",
                "other_reports_both",
            ]
                .iter()
                .map(|label| format!("match_level.{label}")),
        );

        for language in LANGUAGES {
            let missing: Vec<&String> = keys
                .iter()
                .filter(|key| lookup(language.code, key).is_none())
                .collect();

            assert!(
                missing.is_empty(),
                "i18n/{}.json lacks {missing:?}",
                language.code
            );
        }
    }

    #[test]
    fn hindi_has_every_english_key() {
        let english = &catalogues()[FALLBACK_LANGUAGE];

        let missing: Vec<&String> = english
            .keys()
            .filter(|key| lookup("hi", key).is_none())
            .collect();

        assert!(missing.is_empty(), "i18n/hi.json lacks {missing:?}");
    }

    #[test]
    fn missing_key_falls_back_to_english_then_key() {
        assert_eq!(translate("xx", "sex.female"), "Female");
        assert_eq!(translate("hi", "no.such.key"), "no.such.key");
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(
            fill("{n} of {total}", &[("n", "2"), ("total", "5")]),
            "2 of 5"
        );
    }
}
