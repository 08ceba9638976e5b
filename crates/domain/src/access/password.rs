//! Password rules for people's accounts.

/// Shortest accepted password, in characters. Length beats composition rules for strength.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest accepted password, so hashing cost stays bounded.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Passwords too common to accept whatever their length.
const COMMON: &[&str] = &["123456789012", "password1234", "passwordpassword", "qwertyuiopas", "trackchild123", "welcome@1234", "india@123456", "admin@123456"];

/// Checks a new password; the error is a message naming the rule that failed.
pub fn check_password(username: &str, password: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(format!("the password must have at least {MIN_PASSWORD_CHARS} characters; a phrase of three or four words is easy to remember"));
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(format!("the password must have at most {MAX_PASSWORD_CHARS} characters"));
    }
    let lower = password.to_lowercase();
    if !username.is_empty() && lower.contains(&username.to_lowercase()) {
        return Err("the password must not contain the user name".into());
    }
    let first = password.chars().next();
    if password.chars().all(|c| Some(c) == first) {
        return Err("the password must not repeat one character".into());
    }
    if COMMON.contains(&lower.as_str()) {
        return Err("this password is too common; choose another".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules() {
        assert!(check_password("demo-police", "trackchild-demo").is_ok());
        assert!(check_password("x", "short").is_err());
        assert!(check_password("ravi.kumar", "my-RAVI.KUMAR-pass").is_err());
        assert!(check_password("x", "aaaaaaaaaaaaaa").is_err());
        assert!(check_password("x", "Password1234").is_err());
        assert!(check_password("x", &"long ".repeat(40)).is_err());
    }
}
