//! The migration plan's suggestions: a service-account name from a token's label, and scopes from
//! the token's own scopes or, for a classic token, from the use-case template its label suggests
//! (`crate::scopes::templates`, solved by the least-privilege solver).

use std::collections::{HashMap, HashSet};

use super::{ApiToken, MigrationStep, ScopeSource, TokenRef};
use crate::scopes::templates;

/// Longest suggested service-account name.
const MAX_NAME_LEN: usize = 40;

/// One migration step per token, with names unique within the plan (`-2`, `-3`… on repeats).
pub fn plan_migrations(tokens: &[&ApiToken]) -> Vec<MigrationStep> {
    let mut planner = MigrationPlanner::new();
    tokens.iter().map(|token| planner.step(token)).collect()
}

/// Plans migrations one token at a time (the streaming audit): remembers the names handed out so
/// far, so names stay unique within the run, and solves each template's scopes once.
pub struct MigrationPlanner {
    /// Hashes of the names handed out (a million-token org plans hundreds of thousands of steps:
    /// 8 bytes each instead of a string). A collision only costs a name an unneeded suffix; two
    /// equal names always collide, so names stay unique.
    used_names: HashSet<u64>,
    // The next suffix to try per base name, so repeats cost O(1), not a walk over `-2`, `-3`…
    next_suffix: HashMap<String, u32>,
    template_words: TemplateWords,
    solved_templates: HashMap<&'static str, Vec<String>>,
}

impl Default for MigrationPlanner {
    fn default() -> Self {
        MigrationPlanner::new()
    }
}

impl MigrationPlanner {
    pub fn new() -> MigrationPlanner {
        MigrationPlanner {
            used_names: HashSet::new(),
            next_suffix: HashMap::new(),
            template_words: TemplateWords::new(),
            solved_templates: HashMap::new(),
        }
    }

    /// How many steps were planned.
    pub fn planned(&self) -> usize {
        self.used_names.len()
    }

    /// The migration step for `token`.
    pub fn step(&mut self, token: &ApiToken) -> MigrationStep {
        let base = suggest_service_account_name(&token.label, &token.owner.email);
        let mut name = base.clone();
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        while !self.used_names.insert(name_hash(&name)) {
            let suffix = format!("-{n}");
            let keep = MAX_NAME_LEN.saturating_sub(suffix.len()).min(base.len());
            name = format!("{}{suffix}", base[..keep].trim_end_matches('-'));
            *n += 1;
        }
        let (scopes, scope_source) = if !token.scopes.is_empty() {
            (token.scopes.clone(), ScopeSource::Token)
        } else {
            match self.template_words.best_match(&token.label) {
                Some(template_id) => {
                    let scopes = self
                        .solved_templates
                        .entry(template_id)
                        .or_insert_with(|| template_scopes(template_id))
                        .clone();
                    (
                        scopes,
                        ScopeSource::Template {
                            id: template_id.to_string(),
                        },
                    )
                }
                None => (Vec::new(), ScopeSource::ChooseTemplate),
            }
        };
        let owner = if token.owner.email.is_empty() {
            token.owner.name.clone()
        } else {
            format!("{} <{}>", token.owner.name, token.owner.email)
        };
        MigrationStep {
            token: TokenRef::of(token),
            service_account_name: name,
            description: format!(
                "Replaces the personal API token \"{}\" ({}) of {owner}. Planned by token-warden audit.",
                token.label, token.id
            ),
            scopes,
            scope_source,
        }
    }
}

/// A fixed-key hash of a name (the same in every run).
fn name_hash(name: &str) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::hash::DefaultHasher::new();
    name.hash(&mut hasher);
    hasher.finish()
}

/// A service-account name from a token label: lowercase ASCII letters, digits and single dashes,
/// at most 40 characters. Falls back to the owner's mail name when the label has nothing usable.
pub fn suggest_service_account_name(label: &str, owner_email: &str) -> String {
    let slug = slugify(label);
    if !slug.is_empty() {
        return slug;
    }
    let mail_name = slugify(owner_email.split('@').next().unwrap_or(""));
    if mail_name.is_empty() {
        "integration".to_string()
    } else {
        slugify(&format!("integration-{mail_name}"))
    }
}

fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len().min(MAX_NAME_LEN));
    for c in text.chars().flat_map(char::to_lowercase) {
        if slug.len() >= MAX_NAME_LEN {
            break;
        }
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// The template whose id and name share the most words with the label (product words count
/// double); `None` when none shares a word.
pub fn suggest_template(label: &str) -> Option<&'static str> {
    TemplateWords::new().best_match(label)
}

/// Each template's words, computed once per plan.
struct TemplateWords(Vec<(&'static str, HashSet<String>)>);

impl TemplateWords {
    fn new() -> TemplateWords {
        TemplateWords(
            templates::TEMPLATES
                .iter()
                .map(|t| (t.id, words(t.id).chain(words(t.name)).collect()))
                .collect(),
        )
    }

    fn best_match(&self, label: &str) -> Option<&'static str> {
        let label_words: Vec<String> = words(label).collect();
        if label_words.is_empty() {
            return None;
        }
        let mut best: Option<(&'static str, usize)> = None;
        for (id, template_words) in &self.0 {
            let score: usize = label_words
                .iter()
                .filter(|w| template_words.contains(*w))
                .map(|w| match w.as_str() {
                    "jira" | "confluence" | "bitbucket" | "jsm" => 2,
                    _ => 3,
                })
                .sum();
            if score > 0 && best.is_none_or(|(_, best_score)| score > best_score) {
                best = Some((id, score));
            }
        }
        best.map(|(id, _)| id)
    }
}

/// Lowercase words of 3+ characters (and `ci`), with common synonyms folded onto template words.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .map(|w| match w.to_lowercase().as_str() {
            "report" | "reports" | "dashboard" | "export" => "reporting".to_string(),
            "wiki" => "confluence".to_string(),
            "servicedesk" | "desk" => "jsm".to_string(),
            "ci" | "build" | "jenkins" | "pipeline" | "pipelines" => "ci".to_string(),
            "sprint" | "sprints" | "agile" | "board" => "sprint".to_string(),
            "bot" | "slack" | "teams" | "notify" | "notifier" => "bot".to_string(),
            other => other.to_string(),
        })
        .filter(|w| w.len() >= 3 || w == "ci")
}

/// The scopes the solver computes for a template (empty if the template vanished).
fn template_scopes(template_id: &str) -> Vec<String> {
    templates::find(template_id)
        .map(|template| {
            templates::solve_template(template)
                .recommendation
                .scopes
                .into_iter()
                .map(|choice| choice.scope)
                .collect()
        })
        .unwrap_or_default()
}

/// The migration step as the extension's hand-off job (`crate::handoff::HandoffJob`, the format
/// the extension's checklist on admin.atlassian.com drives): source `migration`, the step's name,
/// a description in the owner-and-purpose format the audit looks for, the template (when one was
/// suggested) and scopes, a service-account API token of at most a year, and the label of the
/// personal token it replaces. The job id is derived from the token id, so re-running the audit
/// gives the same job for the same token. The admin still creates the credential by hand: no
/// public API creates a service account's token (see docs/audit.md).
pub fn handoff_job(
    step: &MigrationStep,
    org_id: &str,
    now: super::Timestamp,
) -> crate::handoff::HandoffJob {
    use crate::handoff;
    let now_ms = now.0 as f64;
    let owner = if step.token.owner_email.is_empty() {
        step.token.owner_name.clone()
    } else {
        step.token.owner_email.clone()
    };
    let purpose = if step.token.label.trim().is_empty() {
        format!("integration on token {}", step.token.id)
    } else {
        step.token.label.trim().to_string()
    };
    handoff::HandoffJob {
        id: format!("audit-{}", step.token.id),
        created_ms: now_ms,
        expires_ms: now_ms + handoff::JOB_LIFETIME_MS,
        source: handoff::Source::Migration,
        org_id: Some(org_id.to_string()),
        name: step.service_account_name.clone(),
        description: handoff::describe(&owner, &purpose, &crate::util::date::iso_date(now_ms)),
        owner,
        purpose,
        template: match &step.scope_source {
            ScopeSource::Template { id } => Some(id.clone()),
            ScopeSource::Token | ScopeSource::ChooseTemplate => None,
        },
        scopes: step.scopes.clone(),
        credential: crate::atlassian::limits::CredentialKind::ServiceAccountToken,
        expiry_days: crate::atlassian::limits::MAX_TOKEN_EXPIRY_DAYS,
        replaces_token: Some(step.token.label.clone()),
        progress: handoff::Progress::default(),
        // No tab drives it yet: the first admin tab that claims it gets the lease.
        lease: None,
        // Planned from the CLI: the admin consents in the extension before anything is pressed.
        consented: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_labels() {
        assert_eq!(
            suggest_service_account_name("Jenkins CI — deploy!", "a@x"),
            "jenkins-ci-deploy"
        );
        assert_eq!(
            suggest_service_account_name("  ", "bob.smith@example.com"),
            "integration-bob-smith"
        );
        assert_eq!(suggest_service_account_name("", ""), "integration");
        assert!(suggest_service_account_name(&"x".repeat(100), "").len() <= MAX_NAME_LEN);
    }

    #[test]
    fn templates_come_from_label_words() {
        assert_eq!(
            suggest_template("Confluence publishing bot"),
            Some("confluence-publishing")
        );
        assert_eq!(
            suggest_template("weekly jira report"),
            Some("jira-read-only-reporting")
        );
        assert_eq!(suggest_template("Jenkins build"), Some("bitbucket-ci-read"));
        assert_eq!(suggest_template("token"), None);
        assert_eq!(suggest_template(""), None);
    }
}
