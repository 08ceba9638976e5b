//! The per-field explanation of a suggestion as a bar chart: a bar per compared field, green to
//! the right for evidence for a match, red to the left for evidence against.

use leptos::prelude::*;
use trackchild_client::wire::FieldContribution;

use crate::i18n::use_i18n;

/// Bars for every field contribution, scaled to the largest weight.
#[component]
pub fn ExplanationChart(explanation: Vec<FieldContribution>) -> impl IntoView {
    let i18n = use_i18n();
    let largest = explanation
        .iter()
        .map(|c| c.weight.abs())
        .fold(0.0_f64, f64::max)
        .max(f64::EPSILON);

    view! {
        <section class="explanation" data-testid="explanation">
            <h2>{move || i18n.t("match.explanation")}</h2>
            <p class="hint">{move || i18n.t("match.explanation_hint")}</p>
            <ul class="bars">
                {explanation
                    .into_iter()
                    .map(|contribution| {
                        let share = (contribution.weight.abs() / largest * 50.0).clamp(0.0, 50.0);
                        let positive = contribution.weight >= 0.0;
                        let style = if positive {
                            format!("left: 50%; width: {share:.1}%")
                        } else {
                            format!("left: {:.1}%; width: {share:.1}%", 50.0 - share)
                        };
                        let weight = format!("{:+.1}", contribution.weight);
                        let field = contribution.field.clone();
                        let level = contribution.level.clone();
                        view! {
                            <li class="bar-row" data-testid="explanation-row" data-field=contribution.field.clone()>
                                <span class="bar-label">
                                    {move || i18n.code("match_field", &field)}
                                    <small>{move || i18n.code("match_level", &level)}</small>
                                </span>
                                <span class="bar-track" aria-hidden="true">
                                    <span class="bar" class:positive=positive class:negative=!positive style=style></span>
                                </span>
                                <span class="bar-weight">{weight}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
