//! The least-privilege solver: for a set of required operations and a credential kind, the scope
//! set with the least exposure (issue 4), with reasons, the classic baseline and warnings.
//!
//! Definitions (issue 4):
//! * `unlocked(S)`: every catalog operation callable with the credential that some alternative
//!   ⊆ S allows (an empty alternative is allowed by every S);
//! * `exposure(S)`: Σ over unlocked operations of the method weight (GET/HEAD 1,
//!   POST/PUT/PATCH 3, DELETE 5);
//! * constraints: at most [`MAX_SCOPES`] scopes, only scopes the credential kind accepts
//!   ([`catalog::Acceptance::usable`]); ties broken by fewer scopes.
//!
//! Method: operations with one usable alternative force their scopes; operations the forced scopes
//! already satisfy drop out; operations with the same alternatives merge. What remains are "choice"
//! operations (in this catalog each has at most two alternatives, classic vs granular). When at most
//! [`EXACT_CHOICE_LIMIT`] remain, branch and bound (bound: exposure and scope count only grow as
//! scopes are added) finds the optimum, unless it exceeds [`EXACT_NODE_BUDGET`] search nodes. Above
//! that, or when the budget runs out, a heuristic answers (see [`heuristic`]) and the result says so.
//! Why 20: with ≤2 alternatives per choice, 2^20 ≈ 10^6 leaves is the worst case the budget can
//! still mostly cover; realistic integrations (templates, scanned scripts) have well under 20.

use serde::Serialize;

use super::catalog::{self, Acceptance, OperationId, ScopeAction, ScopeId, ScopeKind, SCOPE_COUNT};
use crate::atlassian::limits::CredentialKind;

/// Atlassian's guidance: stay under 50 scopes per app.
pub const MAX_SCOPES: usize = 50;
/// Largest number of choice operations solved exactly.
pub const EXACT_CHOICE_LIMIT: usize = 20;
/// Search nodes branch and bound may visit before the heuristic answer is kept.
pub const EXACT_NODE_BUDGET: usize = 200_000;
/// How many unlocked-but-not-required operations the result lists as examples.
const UNLOCKED_EXAMPLES: usize = 6;

const WORDS: usize = SCOPE_COUNT.div_ceil(64);

/// A set of scope ids as a bit set (the catalog has a few hundred scopes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ScopeSet([u64; WORDS]);

impl ScopeSet {
    const EMPTY: ScopeSet = ScopeSet([0; WORDS]);

    fn from_ids(ids: &[ScopeId]) -> ScopeSet {
        let mut set = ScopeSet::EMPTY;
        for &id in ids {
            set.insert(id);
        }
        set
    }

    fn insert(&mut self, id: ScopeId) {
        let id = usize::from(id);
        if let Some(word) = self.0.get_mut(id / 64) {
            *word |= 1 << (id % 64);
        }
    }

    fn remove(&mut self, id: ScopeId) {
        let id = usize::from(id);
        if let Some(word) = self.0.get_mut(id / 64) {
            *word &= !(1 << (id % 64));
        }
    }

    fn union(&self, other: &ScopeSet) -> ScopeSet {
        let mut out = *self;
        for (a, b) in out.0.iter_mut().zip(other.0.iter()) {
            *a |= b;
        }
        out
    }

    fn contains_all(&self, other: &ScopeSet) -> bool {
        self.0.iter().zip(other.0.iter()).all(|(a, b)| b & !a == 0)
    }

    fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    fn ids(&self) -> Vec<ScopeId> {
        let mut out = Vec::new();
        for (w, word) in self.0.iter().enumerate() {
            let mut bits = *word;
            while bits != 0 {
                let bit = bits.trailing_zeros() as usize;
                out.push((w * 64 + bit) as ScopeId);
                bits &= bits - 1;
            }
        }
        out
    }
}

/// Which algorithm produced the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SolverMethod {
    /// Branch and bound ran to completion: the answer is optimal.
    Exact,
    /// Sequential greedy plus redundancy removal (and the best branch-and-bound answer found, when
    /// it ran out of budget): good, not proven optimal.
    Heuristic,
}

/// One recommended scope and why it is there.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeChoice {
    pub scope: String,
    pub kind: ScopeKind,
    pub action: ScopeAction,
    pub acceptance: Acceptance,
    pub description: String,
    /// The required operations (`METHOD /path`) whose chosen alternative includes this scope.
    pub needed_by: Vec<String>,
}

/// A required operation the credential cannot be given scopes for.
#[derive(Debug, Clone, Serialize)]
pub struct Unsatisfiable {
    pub operation: String,
    pub reason: String,
}

/// The solver's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    pub credential: CredentialKind,
    pub method: SolverMethod,
    /// How the method was chosen (choice operations, nodes visited).
    pub method_note: String,
    pub scopes: Vec<ScopeChoice>,
    pub exposure: u32,
    /// Exposure of the classic-scope baseline: each required operation's all-classic alternative,
    /// or its first alternative where it has no classic one.
    pub baseline_exposure: u32,
    pub baseline_scopes: Vec<String>,
    /// `exposure / baseline_exposure` (lower is better); `None` when the baseline is 0.
    pub exposure_ratio: Option<f64>,
    /// Catalog operations these scopes unlock (required ones included).
    pub unlocked_count: usize,
    /// A few unlocked operations that were not required, writes and deletes first.
    pub unlocked_examples: Vec<String>,
    /// Required operations that need no scope at all.
    pub no_scope_needed: Vec<String>,
    /// Required operations whose spec publishes no scope requirement (unknown, not "none").
    pub no_published_requirement: Vec<String>,
    pub unsatisfiable: Vec<Unsatisfiable>,
    pub warnings: Vec<String>,
}

/// One catalog operation as the exposure function sees it.
struct ExposureOp {
    weight: u32,
    alternatives: Vec<ScopeSet>,
}

/// Evaluates `exposure(S)` for one credential kind.
struct ExposureModel {
    ops: Vec<ExposureOp>,
    /// Weight of operations that need no scope (unlocked by every S).
    constant: u32,
}

impl ExposureModel {
    fn new(credential: CredentialKind) -> ExposureModel {
        let mut ops = Vec::new();
        let mut constant = 0;
        for op in catalog::operations() {
            if !op.callable_with(credential) || !op.has_published_requirement() {
                continue;
            }
            let weight = op.method.exposure_weight();
            let alternatives: Vec<ScopeSet> = op.alternatives().map(ScopeSet::from_ids).collect();
            if alternatives.contains(&ScopeSet::EMPTY) {
                constant += weight;
            } else {
                ops.push(ExposureOp {
                    weight,
                    alternatives,
                });
            }
        }
        ExposureModel { ops, constant }
    }

    fn exposure(&self, held: &ScopeSet) -> u32 {
        self.constant
            + self
                .ops
                .iter()
                .filter(|op| op.alternatives.iter().any(|a| held.contains_all(a)))
                .map(|op| op.weight)
                .sum::<u32>()
    }
}

/// A required operation reduced to its usable alternatives.
#[derive(Clone)]
struct Constraint {
    alternatives: Vec<ScopeSet>,
}

impl Constraint {
    fn satisfied_by(&self, held: &ScopeSet) -> bool {
        self.alternatives.iter().any(|a| held.contains_all(a))
    }
}

/// Solves for `required` operations (duplicates are fine) and a credential kind.
pub fn solve(required: &[OperationId], credential: CredentialKind) -> Recommendation {
    let mut required: Vec<OperationId> = required.to_vec();
    required.sort_unstable();
    required.dedup();

    let model = ExposureModel::new(credential);
    let mut no_scope_needed = Vec::new();
    let mut no_published = Vec::new();
    let mut unsatisfiable = Vec::new();
    let mut constraints: Vec<(OperationId, Constraint)> = Vec::new();
    let mut picker_gap_involved = false;

    for &id in &required {
        let Some(op) = catalog::operation(id) else {
            continue;
        };
        if !op.has_published_requirement() {
            no_published.push(op.display());
            continue;
        }
        if op.alternatives().any(|a| a.is_empty()) {
            no_scope_needed.push(op.display());
            continue;
        }
        if op
            .alternatives()
            .flatten()
            .any(|&s| catalog::CONFLUENCE_PICKER_GAPS.contains(&catalog::scope_name(s)))
        {
            picker_gap_involved = true;
        }
        if !op.callable_with(credential) {
            unsatisfiable.push(Unsatisfiable {
                operation: op.display(),
                reason: format!(
                    "{} cannot call {} operations",
                    credential_label(credential),
                    op.product.app()
                ),
            });
            continue;
        }
        let usable: Vec<ScopeSet> = op
            .alternatives()
            .filter(|alt| {
                alt.iter()
                    .all(|&s| catalog::scope(s).is_some_and(|r| r.acceptance(credential).usable()))
            })
            .map(ScopeSet::from_ids)
            .collect();
        if usable.is_empty() {
            let blocked: Vec<String> = op
                .alternatives()
                .flatten()
                .filter_map(|&s| catalog::scope(s))
                .filter(|r| !r.acceptance(credential).usable())
                .map(|r| format!("{} ({:?})", r.name(), r.acceptance(credential)))
                .collect();
            unsatisfiable.push(Unsatisfiable {
                operation: op.display(),
                reason: format!(
                    "every alternative needs a scope {} is not known to accept: {}",
                    credential_label(credential),
                    blocked.join(", ")
                ),
            });
            continue;
        }
        constraints.push((
            id,
            Constraint {
                alternatives: usable,
            },
        ));
    }

    let (chosen, method, method_note) = optimise(&constraints, &model);

    // Reasons: for each required operation, the cheapest alternative the answer satisfies.
    let mut scope_reasons: Vec<(ScopeId, Vec<String>)> =
        chosen.ids().into_iter().map(|s| (s, Vec::new())).collect();
    for (id, constraint) in &constraints {
        let Some(op) = catalog::operation(*id) else {
            continue;
        };
        let used = constraint
            .alternatives
            .iter()
            .filter(|a| chosen.contains_all(a))
            .min_by_key(|a| a.len());
        if let Some(alt) = used {
            for s in alt.ids() {
                if let Some((_, reasons)) = scope_reasons.iter_mut().find(|(id, _)| *id == s) {
                    reasons.push(op.display());
                }
            }
        }
    }
    let scopes: Vec<ScopeChoice> = scope_reasons
        .into_iter()
        .filter_map(|(s, needed_by)| {
            let record = catalog::scope(s)?;
            Some(ScopeChoice {
                scope: record.name().to_string(),
                kind: record.kind,
                action: record.action,
                acceptance: record.acceptance(credential),
                description: record.description().to_string(),
                needed_by,
            })
        })
        .collect();

    let exposure = model.exposure(&chosen);
    let baseline = classic_baseline(&constraints);
    let baseline_exposure = model.exposure(&baseline);
    let exposure_ratio =
        (baseline_exposure > 0).then(|| f64::from(exposure) / f64::from(baseline_exposure));

    let mut unlocked: Vec<(u32, String)> = Vec::new();
    let mut unlocked_count = 0;
    for (id, op) in catalog::operations().iter().enumerate() {
        if !op.callable_with(credential) || !op.has_published_requirement() {
            continue;
        }
        if op
            .alternatives()
            .any(|a| chosen.contains_all(&ScopeSet::from_ids(a)))
        {
            unlocked_count += 1;
            // Operations that need no scope are unlocked by anything: not worth an example.
            let needs_no_scope = op.alternatives().any(|a| a.is_empty());
            if !needs_no_scope && required.binary_search(&(id as OperationId)).is_err() {
                unlocked.push((op.method.exposure_weight(), op.display()));
            }
        }
    }
    unlocked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));

    let mut recommendation = Recommendation {
        credential,
        method,
        method_note,
        scopes,
        exposure,
        baseline_exposure,
        baseline_scopes: baseline
            .ids()
            .into_iter()
            .map(|s| catalog::scope_name(s).to_string())
            .collect(),
        exposure_ratio,
        unlocked_count,
        unlocked_examples: unlocked
            .into_iter()
            .take(UNLOCKED_EXAMPLES)
            .map(|(_, d)| d)
            .collect(),
        no_scope_needed,
        no_published_requirement: no_published,
        unsatisfiable,
        warnings: Vec::new(),
    };
    recommendation.warnings = warnings(&recommendation, &required, credential, picker_gap_involved);
    recommendation
}

fn credential_label(credential: CredentialKind) -> &'static str {
    match credential {
        CredentialKind::ScopedPersonalToken => "a scoped personal API token",
        CredentialKind::ServiceAccountToken => "a service-account API token",
        CredentialKind::ServiceAccountOauth => "service-account OAuth 2.0 credentials",
        CredentialKind::BitbucketToken => "a Bitbucket API token",
    }
}

/// The classic baseline: per operation its all-classic alternative, else its first alternative.
fn classic_baseline(constraints: &[(OperationId, Constraint)]) -> ScopeSet {
    let mut baseline = ScopeSet::EMPTY;
    for (id, constraint) in constraints {
        let Some(op) = catalog::operation(*id) else {
            continue;
        };
        let classic = op.alternatives().find(|alt| {
            alt.iter()
                .all(|&s| catalog::scope(s).is_some_and(|r| r.kind == ScopeKind::Classic))
        });
        match classic {
            Some(alt) => baseline = baseline.union(&ScopeSet::from_ids(alt)),
            None => {
                if let Some(first) = constraint.alternatives.first() {
                    baseline = baseline.union(first);
                }
            }
        }
    }
    baseline
}

/// Chooses the scope set: forced scopes, then exact or heuristic search over the choices.
fn optimise(
    constraints: &[(OperationId, Constraint)],
    model: &ExposureModel,
) -> (ScopeSet, SolverMethod, String) {
    let mut forced = ScopeSet::EMPTY;
    for (_, c) in constraints {
        if let [only] = c.alternatives.as_slice() {
            forced = forced.union(only);
        }
    }
    // Merge identical constraints and drop those the forced scopes satisfy.
    let mut choices: Vec<Constraint> = Vec::new();
    for (_, c) in constraints {
        if c.satisfied_by(&forced) {
            continue;
        }
        let mut alternatives = c.alternatives.clone();
        alternatives.sort_by_key(|a| a.0);
        alternatives.dedup();
        if !choices
            .iter()
            .any(|existing| existing.alternatives == alternatives)
        {
            choices.push(Constraint { alternatives });
        }
    }
    // Fewest alternatives first: they branch least and constrain most.
    choices.sort_by_key(|c| c.alternatives.len());

    let heuristic_answer = heuristic(&choices, forced, model);
    if choices.len() > EXACT_CHOICE_LIMIT {
        return (
            heuristic_answer,
            SolverMethod::Heuristic,
            format!(
                "{} choice operations (> {EXACT_CHOICE_LIMIT}): greedy with redundancy removal",
                choices.len()
            ),
        );
    }
    let mut search = BranchAndBound {
        choices: &choices,
        model,
        best: heuristic_answer,
        best_key: key(model, &heuristic_answer),
        nodes: 0,
        aborted: false,
    };
    search.visit(forced, 0);
    if search.aborted {
        (
            search.best,
            SolverMethod::Heuristic,
            format!(
                "{} choice operations: branch and bound stopped after {EXACT_NODE_BUDGET} nodes; best found kept",
                choices.len()
            ),
        )
    } else {
        (
            search.best,
            SolverMethod::Exact,
            format!(
                "{} choice operations: branch and bound, {} nodes",
                choices.len(),
                search.nodes
            ),
        )
    }
}

/// The objective: exposure, then scope count (lexicographic); over the limit counts as infinite.
fn key(model: &ExposureModel, set: &ScopeSet) -> (u32, usize) {
    let count = set.len();
    if count > MAX_SCOPES {
        return (u32::MAX, count);
    }
    (model.exposure(set), count)
}

struct BranchAndBound<'a> {
    choices: &'a [Constraint],
    model: &'a ExposureModel,
    best: ScopeSet,
    best_key: (u32, usize),
    nodes: usize,
    aborted: bool,
}

impl BranchAndBound<'_> {
    fn visit(&mut self, held: ScopeSet, from: usize) {
        if self.aborted {
            return;
        }
        self.nodes += 1;
        if self.nodes > EXACT_NODE_BUDGET {
            self.aborted = true;
            return;
        }
        let here = key(self.model, &held);
        // Adding scopes never lowers exposure or count, so a node no better than the best is done.
        if here >= self.best_key {
            return;
        }
        let Some(offset) = self.choices[from..]
            .iter()
            .position(|c| !c.satisfied_by(&held))
        else {
            self.best = held;
            self.best_key = here;
            return;
        };
        let index = from + offset;
        let mut branches: Vec<(u32, ScopeSet)> = self.choices[index]
            .alternatives
            .iter()
            .map(|alt| {
                let next = held.union(alt);
                (key(self.model, &next).0, next)
            })
            .collect();
        branches.sort_by_key(|(exposure, _)| *exposure);
        for (_, next) in branches {
            self.visit(next, index + 1);
        }
    }
}

/// The heuristic: visit choice operations in order (fewest alternatives first) and give each
/// unsatisfied one the alternative that adds the least exposure (then fewest new scopes); then
/// drop every scope the answer does not need. Runs twice (forward and reverse order) and keeps the
/// better. If the answer passes [`MAX_SCOPES`], a second pass prefers fewest new scopes instead
/// (which picks classic scopes, the reference's fallback). O(choices × alternatives × catalog).
fn heuristic(choices: &[Constraint], forced: ScopeSet, model: &ExposureModel) -> ScopeSet {
    let run = |order: &mut dyn Iterator<Item = &Constraint>, prefer_few: bool| {
        let mut held = forced;
        for c in order {
            if c.satisfied_by(&held) {
                continue;
            }
            let best = c.alternatives.iter().min_by_key(|alt| {
                let next = held.union(alt);
                let exposure = model.exposure(&next);
                let added = next.len();
                if prefer_few {
                    (added as u32, exposure)
                } else {
                    (exposure, added as u32)
                }
            });
            if let Some(alt) = best {
                held = held.union(alt);
            }
        }
        remove_redundant(held, choices, forced)
    };
    let forward = run(&mut choices.iter(), false);
    let backward = run(&mut choices.iter().rev(), false);
    let mut best = if key(model, &backward) < key(model, &forward) {
        backward
    } else {
        forward
    };
    if best.len() > MAX_SCOPES {
        let few = run(&mut choices.iter(), true);
        if few.len() < best.len() {
            best = few;
        }
    }
    best
}

/// Drops scopes not needed by any choice (forced ones stay).
fn remove_redundant(mut held: ScopeSet, choices: &[Constraint], forced: ScopeSet) -> ScopeSet {
    for s in held.ids() {
        if forced.contains_all(&ScopeSet::from_ids(&[s])) {
            continue;
        }
        let mut without = held;
        without.remove(s);
        if choices.iter().all(|c| c.satisfied_by(&without)) {
            held = without;
        }
    }
    held
}

/// Warnings every recommendation carries where they apply (docs/reference/scopes.md §5).
fn warnings(
    r: &Recommendation,
    required: &[OperationId],
    credential: CredentialKind,
    picker_gap: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    if r.scopes.iter().any(|s| s.kind == ScopeKind::Granular) {
        out.push(
            "Granular scopes can fail silently: a missing one may turn a list into an empty result \
             (e.g. GET /rest/api/3/project returned [] instead of 401). Test with real data."
                .to_string(),
        );
    }
    let apps: Vec<&str> = {
        let mut apps: Vec<&str> = required
            .iter()
            .filter_map(|&id| catalog::operation(id))
            .map(|op| op.product.app())
            .collect();
        apps.sort_unstable();
        apps.dedup();
        apps
    };
    if credential != CredentialKind::BitbucketToken
        && apps.iter().any(|a| *a == "Jira" || *a == "Confluence")
    {
        out.push(
            "Scoped API tokens and OAuth 2.0 credentials work only through the gateway \
             https://api.atlassian.com/ex/{jira|confluence}/{cloudId}/… (not https://SITE.atlassian.net/…)."
                .to_string(),
        );
    }
    if matches!(
        credential,
        CredentialKind::ScopedPersonalToken | CredentialKind::ServiceAccountToken
    ) && apps.contains(&"Jira")
        && apps.contains(&"Confluence")
    {
        out.push(
            "A scoped API token is for one app: create one for Jira and one for Confluence."
                .to_string(),
        );
    }
    if picker_gap {
        out.push(
            "CONFCLOUD-82041: the Confluence token picker lacks read:hierarchical-content:confluence \
             and read|write|delete:folder:confluence; operations that need them may not be possible \
             with a scoped API token."
                .to_string(),
        );
    }
    let reported: Vec<&str> = r
        .scopes
        .iter()
        .filter(|s| s.acceptance == Acceptance::Reported)
        .map(|s| s.scope.as_str())
        .collect();
    if !reported.is_empty() {
        out.push(format!(
            "Only third-party guides or inference say {} accepts: {}.",
            credential_label(credential),
            reported.join(", ")
        ));
    }
    if r.scopes.len() > MAX_SCOPES {
        out.push(format!(
            "{} scopes exceed Atlassian's guidance of {MAX_SCOPES}: split the integration over several credentials.",
            r.scopes.len()
        ));
    }
    if !r.no_published_requirement.is_empty() {
        out.push(format!(
            "{} operation(s) have no published scope requirement; they may not work with a scoped credential.",
            r.no_published_requirement.len()
        ));
    }
    if !r.scopes.is_empty() {
        out.push(
            "Scopes only cap what the account can do: it still needs the product permissions \
             (e.g. Browse projects) on what it touches."
                .to_string(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scopes::matcher::match_request;

    fn op(method: &str, path: &str) -> OperationId {
        match_request(method, path)
            .operation
            .unwrap_or_else(|| panic!("{method} {path} is in the catalog"))
    }

    fn names(r: &Recommendation) -> Vec<&str> {
        r.scopes.iter().map(|s| s.scope.as_str()).collect()
    }

    #[test]
    fn reading_one_issue_prefers_the_smaller_exposure() {
        let r = solve(
            &[op("GET", "/rest/api/3/issue/ABC-1")],
            CredentialKind::ScopedPersonalToken,
        );
        assert_eq!(r.method, SolverMethod::Exact);
        assert!(r.exposure <= r.baseline_exposure);
        assert!(r.unsatisfiable.is_empty());
        assert!(!r.scopes.is_empty());
    }

    #[test]
    fn manage_configuration_gets_are_answered_with_read_only_granular() {
        // GET /rest/api/3/app/field/context/configuration/list is a POST; pick a GET that needs
        // manage:jira-configuration classically and has a read granular alternative.
        let candidate = catalog::operations().iter().enumerate().find(|(_, o)| {
            o.method == catalog::Method::Get
                && o.alternatives().any(|a| {
                    a.iter()
                        .any(|&s| catalog::scope_name(s) == "manage:jira-configuration")
                })
                && o.alternatives().any(|a| {
                    a.iter()
                        .all(|&s| catalog::scope_name(s).starts_with("read:"))
                })
        });
        let (id, _) = candidate.expect("such GETs exist (84 per the reference)");
        let r = solve(&[id as OperationId], CredentialKind::ServiceAccountOauth);
        assert!(
            !names(&r).contains(&"manage:jira-configuration"),
            "{:?}",
            names(&r)
        );
        assert!(r.exposure < r.baseline_exposure);
    }

    #[test]
    fn bitbucket_needs_a_bitbucket_token() {
        let pr = op(
            "GET",
            "https://api.bitbucket.org/2.0/repositories/w/r/pullrequests",
        );
        let r = solve(&[pr], CredentialKind::ScopedPersonalToken);
        assert_eq!(r.unsatisfiable.len(), 1);
        let r = solve(&[pr], CredentialKind::BitbucketToken);
        assert!(r.unsatisfiable.is_empty());
        assert!(names(&r).iter().all(|s| s.ends_with(":bitbucket")));
    }

    #[test]
    fn warnings_name_the_gateway_and_picker_gaps() {
        let folder = op("GET", "/wiki/api/v2/folders/1");
        let r = solve(&[folder], CredentialKind::ScopedPersonalToken);
        assert!(r.warnings.iter().any(|w| w.contains("CONFCLOUD-82041")));
        assert!(r
            .warnings
            .iter()
            .any(|w| w.contains("api.atlassian.com/ex/")));
        assert_eq!(r.unsatisfiable.len(), 1, "{:?}", r.unsatisfiable);
    }

    #[test]
    fn no_scope_and_unpublished_operations_are_reported_not_solved() {
        let r = solve(
            &[op("GET", "/rest/api/3/serverInfo")],
            CredentialKind::ScopedPersonalToken,
        );
        assert_eq!(r.no_scope_needed.len(), 1);
        assert!(r.scopes.is_empty());
    }

    /// Tiny deterministic PRNG for the property tests (no extra crates).
    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn answers_always_cover_what_was_required_on_random_subsets() {
        let mut rng = XorShift(0x5eed_cafe_f00d_1234);
        let total = catalog::operations().len() as u64;
        let kinds = [
            CredentialKind::ScopedPersonalToken,
            CredentialKind::ServiceAccountToken,
            CredentialKind::ServiceAccountOauth,
            CredentialKind::BitbucketToken,
        ];
        for round in 0..60 {
            let size = 1 + (rng.next() % 25) as usize;
            let required: Vec<OperationId> = (0..size)
                .map(|_| (rng.next() % total) as OperationId)
                .collect();
            let credential = kinds[round % kinds.len()];
            let r = solve(&required, credential);
            let held: Vec<ScopeId> = r
                .scopes
                .iter()
                .filter_map(|s| catalog::scope_by_name(&s.scope))
                .collect();
            for &id in &required {
                let Some(o) = catalog::operation(id) else {
                    continue;
                };
                let display = o.display();
                let excused = r.unsatisfiable.iter().any(|u| u.operation == display)
                    || r.no_published_requirement.contains(&display);
                assert!(
                    excused || o.allowed_by(&held),
                    "round {round}: {display} not covered by {held:?}"
                );
            }
            for s in &r.scopes {
                assert!(
                    s.acceptance.usable(),
                    "round {round}: {} not usable",
                    s.scope
                );
            }
            assert!(
                r.scopes.len() <= MAX_SCOPES || r.warnings.iter().any(|w| w.contains("exceed"))
            );
        }
    }

    #[test]
    fn exact_answers_are_no_worse_than_the_heuristic_and_the_baseline() {
        let mut rng = XorShift(42);
        let jira: Vec<OperationId> = catalog::operations()
            .iter()
            .enumerate()
            .filter(|(_, o)| o.product == catalog::Product::JiraPlatform)
            .map(|(i, _)| i as OperationId)
            .collect();
        let model = ExposureModel::new(CredentialKind::ServiceAccountOauth);
        for _ in 0..15 {
            let required: Vec<OperationId> = (0..6)
                .filter_map(|_| jira.get((rng.next() % jira.len() as u64) as usize).copied())
                .collect();
            let r = solve(&required, CredentialKind::ServiceAccountOauth);
            assert_eq!(
                r.exposure,
                model.exposure(&ScopeSet::from_ids(
                    &r.scopes
                        .iter()
                        .filter_map(|s| catalog::scope_by_name(&s.scope))
                        .collect::<Vec<_>>()
                ))
            );
            if r.method == SolverMethod::Exact {
                assert!(r.exposure <= r.baseline_exposure, "{:?}", r.method_note);
            }
        }
    }
}
