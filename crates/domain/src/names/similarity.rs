//! String similarity for name tokens (Jaro–Winkler and optimal string alignment distance), on
//! short ASCII strings and without allocating.

/// Longest prefix of each string that is compared; name tokens are far shorter.
const MAX_LEN: usize = 64;

/// Returns the Jaro–Winkler similarity of two strings, from 0 (nothing shared) to 1 (equal),
/// comparing bytes, with the usual prefix scale of 0.1 over at most four bytes. Only the first
/// 64 bytes of each string count.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let a = &a.as_bytes()[..a.len().min(MAX_LEN)];
    let b = &b.as_bytes()[..b.len().min(MAX_LEN)];
    let jaro = jaro(a, b);
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_matched = [false; MAX_LEN];
    let mut b_matched = [false; MAX_LEN];
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let start = i.saturating_sub(window);
        let end = (i + window + 1).min(b.len());
        for j in start..end {
            if !b_matched[j] && b[j] == ca {
                a_matched[i] = true;
                b_matched[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        if !a_matched[i] {
            continue;
        }
        while !b_matched[j] {
            j += 1;
        }
        if ca != b[j] {
            transpositions += 1;
        }
        j += 1;
    }
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0
}

/// Returns the optimal string alignment distance of two strings: the number of inserted,
/// deleted or substituted bytes and swapped adjacent bytes that turns one into the other. Only the
/// first 32 bytes of each string count.
pub fn osa_distance(a: &str, b: &str) -> usize {
    const MAX: usize = 32;
    let a = &a.as_bytes()[..a.len().min(MAX)];
    let b = &b.as_bytes()[..b.len().min(MAX)];
    // Three rows of the dynamic-programming table: two back, one back and the current one.
    let mut two_back = [0usize; MAX + 1];
    let mut one_back = [0usize; MAX + 1];
    let mut current = [0usize; MAX + 1];
    for (j, cell) in one_back.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (one_back[j] + 1)
                .min(current[j - 1] + 1)
                .min(one_back[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(two_back[j - 2] + 1);
            }
            current[j] = best;
        }
        two_back = one_back;
        one_back = current;
    }
    one_back[b.len()]
}

/// Returns whether [`osa_distance`] of two strings is at most 1, in one pass and without its
/// table: the strings are equal, or differ by one inserted, deleted or substituted byte or one
/// swap of adjacent bytes. Like [`osa_distance`], it reads only the first 32 bytes of each.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    const MAX: usize = 32;
    let a = &a.as_bytes()[..a.len().min(MAX)];
    let b = &b.as_bytes()[..b.len().min(MAX)];
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let first_difference = (0..short.len())
        .find(|&i| long[i] != short[i])
        .unwrap_or(short.len());
    let i = first_difference;
    match long.len() - short.len() {
        0 if i == long.len() => true,
        0 => {
            let substituted = long[i + 1..] == short[i + 1..];
            let swapped = i + 1 < long.len()
                && long[i] == short[i + 1]
                && long[i + 1] == short[i]
                && long[i + 2..] == short[i + 2..];
            substituted || swapped
        }
        1 => long[i + 1..] == short[i..],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osa_counts_single_edits() {
        assert_eq!(osa_distance("rajiv", "raoiv"), 1);
        assert_eq!(osa_distance("nisa", "nsia"), 1);
        assert_eq!(osa_distance("rani", "ranai"), 1);
        assert_eq!(osa_distance("abc", "abc"), 0);
        assert_eq!(osa_distance("", "abc"), 3);
        assert_eq!(osa_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn known_values() {
        assert!((jaro_winkler("martha", "marhta") - 0.9611).abs() < 0.001);
        assert!((jaro_winkler("dixon", "dicksonx") - 0.8133).abs() < 0.001);
        assert_eq!(jaro_winkler("abc", "abc"), 1.0);
        assert_eq!(jaro_winkler("abc", "xyz"), 0.0);
        assert_eq!(jaro_winkler("", "abc"), 0.0);
    }

    #[test]
    fn long_strings_do_not_panic() {
        let long = "a".repeat(500);
        assert!(jaro_winkler(&long, &long) > 0.99);
    }

    #[test]
    fn within_one_edit_agrees_with_osa() {
        // Every string of up to four letters over a three-letter alphabet, against every other.
        let mut words = vec![String::new()];
        for length in 1..=4 {
            let shorter: Vec<String> = words
                .iter()
                .filter(|w| w.len() == length - 1)
                .cloned()
                .collect();
            for word in shorter {
                for letter in ['a', 'b', 'c'] {
                    words.push(format!("{word}{letter}"));
                }
            }
        }
        for a in &words {
            for b in &words {
                assert_eq!(
                    within_one_edit(a, b),
                    osa_distance(a, b) <= 1,
                    "{a:?}/{b:?}"
                );
            }
        }
        let long = "a".repeat(40);
        assert_eq!(
            within_one_edit(&long, &"a".repeat(45)),
            osa_distance(&long, &"a".repeat(45)) <= 1
        );
    }
}
