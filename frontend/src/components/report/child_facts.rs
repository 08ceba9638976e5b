//! The recorded description of a child as a list of label/value pairs, skipping empty fields.

use leptos::prelude::*;
use trackchild_client::wire::Child;

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
    let mut rows = vec![(i18n.t("field.child.name"), child_name(i18n, child))];
    let mut push = |key: &str, value: String| {
        if !value.is_empty() {
            rows.push((i18n.t(key), value));
        }
    };
    push("field.child.aliases", child.aliases.join(", "));
    push("field.child.sex", child.sex.map(|sex| i18n.code("sex", sex.as_str())).unwrap_or_default());
    push("report.age", age_text(i18n, child));
    push("field.child.age_basis", child.age_basis.map(|b| i18n.code("age_basis", b.as_str())).unwrap_or_default());
    push("field.child.height_cm", child.height_cm.map(|h| format!("{h} cm")).unwrap_or_default());
    push("field.child.build", child.build.map(|b| i18n.code("build", b.as_str())).unwrap_or_default());
    push("field.child.complexion", child.complexion.map(|c| i18n.code("complexion", c.as_str())).unwrap_or_default());
    let marks: Vec<String> = child
        .identification_marks
        .iter()
        .map(|mark| {
            let mut text = format!(
                "{} — {}",
                i18n.code("mark_type", mark.mark_type.as_str()),
                i18n.code("body_location", mark.body_location.as_str())
            );
            if let Some(description) = mark.description.as_deref().filter(|d| !d.is_empty()) {
                text.push_str(&format!(" ({description})"));
            }
            text
        })
        .collect();
    push("field.child.identification_marks", marks.join("; "));
    let languages: Vec<String> = child.languages.iter().map(|code| i18n.code("language", code)).collect();
    push("field.child.languages", languages.join(", "));
    push("field.child.father_name", child.father_name.clone().unwrap_or_default());
    push("field.child.mother_name", child.mother_name.clone().unwrap_or_default());
    push("field.child.guardian_name", child.guardian_name.clone().unwrap_or_default());
    push("field.child.dress", child.dress.clone().unwrap_or_default());
    rows
}
