//! The recorded description of a child as a list of label/value pairs, skipping empty fields.

use leptos::prelude::*;
use trackchild_client::codes::{AgeBasis, Build, Complexion, Sex};
use trackchild_client::wire::{Child, IdentificationMark};

use crate::format::{age_text, child_name};
use crate::i18n::{I18n, use_i18n};

/// Renders every filled field of `child`, labelled in the current language.
#[component]
pub fn ChildFacts(child: Child) -> impl IntoView {
    let i18n = use_i18n();

    move || {
        let rows = child_rows(i18n, &child);
        view! {
            <dl class="facts">
                {rows
                    .into_iter()
                    .map(|(label, value)| view! {
                        <div class="fact">
                            <dt>{label}</dt>
                            <dd>{value}</dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
        }
    }
}

/// Label/value pairs of the filled fields of `child`, in form order. The match review uses the
/// same rows for its side-by-side table.
pub fn child_rows(i18n: I18n, child: &Child) -> Vec<(String, String)> {
    let label = |group: &str, code: Option<&str>| {
        code.map(|code| i18n.code(group, code)).unwrap_or_default()
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let marks: Vec<String> = child
        .identification_marks
        .iter()
        .map(|mark| mark_text(i18n, mark))
        .collect();
    let languages: Vec<String> = child
        .languages
        .iter()
        .map(|code| i18n.code("language", code))
        .collect();

    let candidates = [
        ("field.child.aliases", child.aliases.join(", ")),
        ("field.child.sex", label("sex", child.sex.map(Sex::as_str))),
        ("report.age", age_text(i18n, child)),
        (
            "field.child.age_basis",
            label("age_basis", child.age_basis.map(AgeBasis::as_str)),
        ),
        (
            "field.child.height_cm",
            child
                .height_cm
                .map(|height| format!("{height} cm"))
                .unwrap_or_default(),
        ),
        (
            "field.child.build",
            label("build", child.build.map(Build::as_str)),
        ),
        (
            "field.child.complexion",
            label("complexion", child.complexion.map(Complexion::as_str)),
        ),
        ("field.child.identification_marks", marks.join("; ")),
        ("field.child.languages", languages.join(", ")),
        ("field.child.father_name", text(&child.father_name)),
        ("field.child.mother_name", text(&child.mother_name)),
        ("field.child.guardian_name", text(&child.guardian_name)),
        ("field.child.dress", text(&child.dress)),
    ];

    let mut rows = vec![(i18n.t("field.child.name"), child_name(i18n, child))];
    let filled = candidates
        .into_iter()
        .filter(|(_, value)| !value.is_empty());
    rows.extend(filled.map(|(key, value)| (i18n.t(key), value)));
    rows
}

/// Formats one mark, e.g. `Mole — Left cheek (small, below the eye)`.
fn mark_text(i18n: I18n, mark: &IdentificationMark) -> String {
    let mark_type = i18n.code("mark_type", mark.mark_type.as_str());
    let body_location = i18n.code("body_location", mark.body_location.as_str());
    match mark
        .description
        .as_deref()
        .filter(|description| !description.is_empty())
    {
        Some(description) => format!("{mark_type} — {body_location} ({description})"),
        None => format!("{mark_type} — {body_location}"),
    }
}
