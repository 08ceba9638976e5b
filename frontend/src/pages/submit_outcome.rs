//! Sorting of the server's response to a report create into what the form shows next.

use trackchild_client::ClientError;
use trackchild_client::wire::PossibleDuplicate;
use uuid::Uuid;

use crate::forms::field_errors::FieldErrors;

/// A report the server created, with the same-kind reports it found likely to describe the same
/// child.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatedReport {
    pub id: Uuid,
    pub case_number: String,
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

impl CreatedReport {
    /// Returns whether the form shows the possible duplicates before it opens the new report.
    pub fn needs_duplicate_review(&self) -> bool {
        !self.possible_duplicates.is_empty()
    }
}

/// The three ways a create ends, as the form handles them.
#[derive(Debug)]
pub enum Outcome {
    /// Created; the form lists possible duplicates, if any, then opens the new report.
    Created(CreatedReport),
    /// 422: the errors, placed on the form's inputs.
    Invalid(FieldErrors),
    /// Anything else (403, network), shown as one message.
    Failed(ClientError),
}

impl Outcome {
    /// Returns whether the server processed the request. Only then does a resubmit need a new
    /// idempotency key. After a transport error the same key lets the server return the first
    /// response if the create did happen.
    pub fn reached_server(&self) -> bool {
        !matches!(self, Outcome::Failed(ClientError::Transport(_)))
    }
}

/// Creates a fresh `Idempotency-Key` for the next submit of a form.
pub fn new_idempotency_key() -> String {
    Uuid::now_v7().to_string()
}

/// Sorts the result of a create; `inputs` are the form's wire paths.
pub fn outcome_of(result: Result<CreatedReport, ClientError>, inputs: &[String]) -> Outcome {
    match result {
        Ok(created) => Outcome::Created(created),
        Err(error) if !error.field_errors().is_empty() => {
            Outcome::Invalid(FieldErrors::place(error.field_errors(), inputs))
        }
        Err(error) => Outcome::Failed(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created(possible_duplicates: Vec<PossibleDuplicate>) -> CreatedReport {
        CreatedReport {
            id: Uuid::nil(),
            case_number: "MH-490-2026-MIS-000002".into(),
            possible_duplicates,
        }
    }

    #[test]
    fn transport_failure_keeps_the_key() {
        let outcome = outcome_of(Err(ClientError::Transport("timed out".into())), &[]);

        assert!(!outcome.reached_server());
    }

    #[test]
    fn created_report_reached_the_server() {
        let outcome = outcome_of(Ok(created(Vec::new())), &[]);

        assert!(outcome.reached_server());
    }

    #[test]
    fn report_without_duplicates_opens_directly() {
        assert!(!created(Vec::new()).needs_duplicate_review());
    }

    #[test]
    fn report_with_duplicates_needs_review() {
        let duplicate = PossibleDuplicate {
            report_id: Uuid::now_v7(),
            case_number: "MH-490-2026-MIS-000001".into(),
            owner_organisation_name: "Pune Railway Police Station".into(),
            probability: 0.93,
        };

        assert!(created(vec![duplicate]).needs_duplicate_review());
    }

    #[test]
    fn fresh_keys_differ() {
        assert_ne!(new_idempotency_key(), new_idempotency_key());
    }
}
