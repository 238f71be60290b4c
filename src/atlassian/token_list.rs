//! The list of a person's own API tokens on id.atlassian.com: which table columns we read (by header
//! text, per language), and how to read the "Last used" cell ("yesterday", "vor 120 Tagen", "Never",
//! or a date) as a number of days. Only labels and dates are read; never a token.
//!
//! The column names are our reading of Atlassian's UI (the reference has not seen them: unconfirmed).

use serde::Serialize;

/// Header texts of the label column, per language (normalised like accessible names).
pub const LABEL_HEADERS: &[&str] = &[
    "label",
    "name",
    "bezeichnung",
    "libellé",
    "etiqueta",
    "ラベル",
    "名前",
];
/// Header texts of the last-used column.
pub const LAST_USED_HEADERS: &[&str] = &[
    "last used",
    "last accessed",
    "zuletzt verwendet",
    "dernière utilisation",
    "último uso",
    "最終使用日",
];

/// What a "Last used" cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "days")]
pub enum LastUse {
    Never,
    DaysAgo(u32),
}

const NEVER: &[&str] = &[
    "never",
    "nie",
    "niemals",
    "jamais",
    "nunca",
    "なし",
    "未使用",
    "—",
    "-",
];
const TODAY: &[&str] = &[
    "today",
    "heute",
    "aujourd'hui",
    "hoy",
    "今日",
    "just now",
    "gerade eben",
    "à l'instant",
];
const YESTERDAY: &[&str] = &["yesterday", "gestern", "hier", "ayer", "昨日"];
const DAY_BEFORE: &[&str] = &["vorgestern", "avant-hier", "anteayer", "一昨日"];

/// Unit words (substrings) and their length in days, most specific first.
const UNITS: &[(&str, u32)] = &[
    ("hour", 0),
    ("stunde", 0),
    ("heure", 0),
    ("hora", 0),
    ("時間", 0),
    ("minute", 0),
    ("minuto", 0),
    ("分", 0),
    ("week", 7),
    ("woche", 7),
    ("semaine", 7),
    ("semana", 7),
    ("週", 7),
    ("month", 30),
    ("monat", 30),
    ("mois", 30),
    ("mes", 30),
    ("か月", 30),
    ("ヶ月", 30),
    ("カ月", 30),
    ("year", 365),
    ("jahr", 365),
    ("an", 365),
    ("año", 365),
    ("年", 365),
    ("day", 1),
    ("tag", 1),
    ("jour", 1),
    ("día", 1),
    ("dia", 1),
    ("日", 1),
];

/// Reads a "Last used" cell. `parsed_date_ms` is the browser's own `Date.parse` of the text (for
/// absolute dates, which the browser reads better than we could); `now_ms` is the current time.
pub fn read_last_used(text: &str, parsed_date_ms: Option<f64>, now_ms: f64) -> Option<LastUse> {
    let t = crate::atlassian::landmarks::normalize_name(text);
    if t.is_empty() {
        return None;
    }
    let is = |words: &[&str]| words.iter().any(|w| t == *w);
    if is(NEVER) {
        return Some(LastUse::Never);
    }
    if is(TODAY) {
        return Some(LastUse::DaysAgo(0));
    }
    if is(YESTERDAY) {
        return Some(LastUse::DaysAgo(1));
    }
    if is(DAY_BEFORE) {
        return Some(LastUse::DaysAgo(2));
    }
    // "120 days ago", "vor 120 tagen", "il y a 3 mois", "hace 2 semanas", "120 日前"
    let digits: String = t
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if let Ok(n) = digits.parse::<u32>() {
        let rest = t.replacen(&digits, " ", 1);
        let relative = ["ago", "vor ", "il y a", "hace", "前"]
            .iter()
            .any(|w| rest.contains(w));
        if relative {
            // Units are matched word-by-word for Latin scripts ("an" must not match "mans"), by
            // substring for Japanese.
            let words: Vec<&str> = rest
                .split(|c: char| !c.is_alphanumeric() && c != 'í' && c != 'ñ')
                .collect();
            for (unit, days) in UNITS {
                let hit = if unit.is_ascii() {
                    words.iter().any(|w| {
                        w.starts_with(unit) && (w.len() <= unit.len() + 2 || *unit == "month")
                    })
                } else {
                    rest.contains(unit)
                };
                if hit {
                    return Some(LastUse::DaysAgo(n.saturating_mul(*days)));
                }
            }
        }
    }
    let ms = parsed_date_ms.filter(|ms| ms.is_finite())?;
    let days = ((now_ms - ms) / 86_400_000.0).floor();
    (days >= 0.0).then_some(LastUse::DaysAgo(days.min(f64::from(u32::MAX)) as u32))
}

/// Whether a token's last use makes it look like an integration (used within `recent_days`).
pub fn looks_like_integration(last_use: Option<LastUse>, recent_days: u32) -> bool {
    matches!(last_use, Some(LastUse::DaysAgo(d)) if d <= recent_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_795_824_000_000.0;

    #[test]
    fn relative_texts_in_five_languages() {
        let cases = [
            ("yesterday", 1),
            ("Today", 0),
            ("120 days ago", 120),
            ("2 weeks ago", 14),
            ("3 months ago", 90),
            ("1 year ago", 365),
            ("5 hours ago", 0),
            ("gestern", 1),
            ("vor 120 Tagen", 120),
            ("vor 3 Monaten", 90),
            ("vorgestern", 2),
            ("hier", 1),
            ("il y a 120 jours", 120),
            ("il y a 2 ans", 730),
            ("avant-hier", 2),
            ("ayer", 1),
            ("hace 120 días", 120),
            ("hace 3 meses", 90),
            ("anteayer", 2),
            ("昨日", 1),
            ("120 日前", 120),
            ("3 か月前", 90),
            ("一昨日", 2),
        ];
        for (text, days) in cases {
            assert_eq!(
                read_last_used(text, None, NOW),
                Some(LastUse::DaysAgo(days)),
                "{text}"
            );
        }
        for never in ["Never", "Nie", "Jamais", "Nunca", "なし"] {
            assert_eq!(
                read_last_used(never, None, NOW),
                Some(LastUse::Never),
                "{never}"
            );
        }
    }

    #[test]
    fn absolute_dates_use_the_browsers_parse_and_garbage_is_unknown() {
        let two_days = NOW - 2.5 * 86_400_000.0;
        assert_eq!(
            read_last_used("Nov 25, 2026", Some(two_days), NOW),
            Some(LastUse::DaysAgo(2))
        );
        assert_eq!(read_last_used("soon-ish", None, NOW), None);
        assert_eq!(read_last_used("", None, NOW), None);
        assert_eq!(read_last_used("in the future", Some(NOW + 1e9), NOW), None);
        assert_eq!(read_last_used("12345", None, NOW), None);
    }

    #[test]
    fn integration_suspects() {
        assert!(looks_like_integration(Some(LastUse::DaysAgo(1)), 30));
        assert!(!looks_like_integration(Some(LastUse::DaysAgo(120)), 30));
        assert!(!looks_like_integration(Some(LastUse::Never), 30));
        assert!(!looks_like_integration(None, 30));
    }
}
