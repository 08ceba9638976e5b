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
