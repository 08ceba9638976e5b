//! Sorting of the server's response to a report create into what the form shows next.

use trackchild_client::ClientError;
use uuid::Uuid;

use crate::forms::field_errors::FieldErrors;

/// The three ways a create ends, as the form handles them.
#[derive(Debug)]
pub enum Outcome {
    /// Created; the form opens the new report.
    Created(Uuid),
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
pub fn outcome_of(result: Result<Uuid, ClientError>, inputs: &[String]) -> Outcome {
    match result {
        Ok(id) => Outcome::Created(id),
        Err(error) if !error.field_errors().is_empty() => {
            Outcome::Invalid(FieldErrors::place(error.field_errors(), inputs))
        }
        Err(error) => Outcome::Failed(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_failure_keeps_the_key() {
        let outcome = outcome_of(Err(ClientError::Transport("timed out".into())), &[]);

        assert!(!outcome.reached_server());
    }

    #[test]
    fn created_report_reached_the_server() {
        let outcome = outcome_of(Ok(Uuid::nil()), &[]);

        assert!(outcome.reached_server());
    }

    #[test]
    fn fresh_keys_differ() {
        assert_ne!(new_idempotency_key(), new_idempotency_key());
    }
}
