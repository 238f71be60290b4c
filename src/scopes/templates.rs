//! Use-case templates: named lists of operations for common integrations (reporting, automation,
//! service-desk intake, publishing, CI, bots…). A template names operations only, as
//! `METHOD path` strings resolved through the matcher; its scopes are always computed by the
//! solver, never typed by hand, so they follow the catalog when it is refreshed.

use serde::Serialize;

use super::catalog::{self, OperationId, Product};
use super::matcher::match_request;
use super::solver::{self, Recommendation};
use crate::atlassian::limits::CredentialKind;

/// One use-case template.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Template {
    pub id: &'static str,
    pub name: &'static str,
    /// One line: what an integration built on this template does.
    pub purpose: &'static str,
    pub product: Product,
    /// The credential kind the template is meant for.
    pub credential: CredentialKind,
    /// The operations, as `METHOD path` (any URL form the matcher accepts).
    pub operations: &'static [&'static str],
}

/// A template with its operations resolved and its scopes solved.
#[derive(Debug, Clone, Serialize)]
pub struct SolvedTemplate {
    pub template: Template,
    pub operations: Vec<String>,
    /// Template lines that did not resolve (a catalog refresh removed them): never silently dropped.
    pub unresolved: Vec<String>,
    pub recommendation: Recommendation,
}

const SCOPED: CredentialKind = CredentialKind::ServiceAccountToken;

/// The templates, in display order.
pub const TEMPLATES: &[Template] = &[
    Template {
        id: "jira-read-only-reporting",
        name: "Jira read-only reporting",
        purpose: "Search issues with JQL and export fields, projects and worklogs to a report.",
        product: Product::JiraPlatform,
        credential: SCOPED,
        operations: &[
            "GET /rest/api/3/search/jql",
            "GET /rest/api/3/issue/{issueIdOrKey}",
            "GET /rest/api/3/field",
            "GET /rest/api/3/project/search",
            "GET /rest/api/3/issue/{issueIdOrKey}/worklog",
        ],
    },
    Template {
        id: "jira-issue-automation",
        name: "Jira issue automation",
        purpose: "Create and update issues, comment on them and move them through the workflow.",
        product: Product::JiraPlatform,
        credential: SCOPED,
        operations: &[
            "GET /rest/api/3/search/jql",
            "POST /rest/api/3/issue",
            "GET /rest/api/3/issue/{issueIdOrKey}",
            "PUT /rest/api/3/issue/{issueIdOrKey}",
            "POST /rest/api/3/issue/{issueIdOrKey}/comment",
            "GET /rest/api/3/issue/{issueIdOrKey}/transitions",
            "POST /rest/api/3/issue/{issueIdOrKey}/transitions",
        ],
    },
    Template {
        id: "jira-comment-bot",
        name: "Jira comment bot",
        purpose: "Read issues and post comments (e.g. build or deploy notifications).",
        product: Product::JiraPlatform,
        credential: SCOPED,
        operations: &[
            "GET /rest/api/3/issue/{issueIdOrKey}",
            "GET /rest/api/3/issue/{issueIdOrKey}/comment",
            "POST /rest/api/3/issue/{issueIdOrKey}/comment",
        ],
    },
    Template {
        id: "jira-user-directory-sync",
        name: "Jira user lookup",
        purpose: "Look up users and group members to assign issues or audit access.",
        product: Product::JiraPlatform,
        credential: SCOPED,
        operations: &[
            "GET /rest/api/3/myself",
            "GET /rest/api/3/user/search",
            "GET /rest/api/3/group/member",
        ],
    },
    Template {
        id: "jira-software-sprint-reporting",
        name: "Sprint reporting",
        purpose: "Read boards, sprints and sprint issues for burndown and velocity reports.",
        product: Product::JiraSoftware,
        credential: SCOPED,
        operations: &[
            "GET /rest/agile/1.0/board",
            "GET /rest/agile/1.0/board/{boardId}/sprint",
            "GET /rest/agile/1.0/sprint/{sprintId}",
            "GET /rest/agile/1.0/sprint/{sprintId}/issue",
        ],
    },
    Template {
        id: "jira-software-sprint-planning",
        name: "Sprint planning bot",
        purpose: "Create sprints and move issues from the backlog into them.",
        product: Product::JiraSoftware,
        credential: SCOPED,
        operations: &[
            "GET /rest/agile/1.0/board/{boardId}/backlog",
            "POST /rest/agile/1.0/sprint",
            "POST /rest/agile/1.0/sprint/{sprintId}/issue",
        ],
    },
    Template {
        id: "jsm-request-intake",
        name: "Service-desk request intake",
        purpose: "Create customer requests from a form or mailbox and follow their status.",
        product: Product::JiraServiceManagement,
        credential: SCOPED,
        operations: &[
            "GET /rest/servicedeskapi/servicedesk",
            "GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype",
            "POST /rest/servicedeskapi/request",
            "GET /rest/servicedeskapi/request/{issueIdOrKey}",
            "POST /rest/servicedeskapi/request/{issueIdOrKey}/comment",
        ],
    },
    Template {
        id: "jsm-queue-reporting",
        name: "Service-desk queue reporting",
        purpose: "Read queues and their issues for SLA dashboards.",
        product: Product::JiraServiceManagement,
        credential: SCOPED,
        operations: &[
            "GET /rest/servicedeskapi/servicedesk",
            "GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/queue",
            "GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/queue/{queueId}/issue",
            "GET /rest/servicedeskapi/request/{issueIdOrKey}/sla",
        ],
    },
    Template {
        id: "confluence-publishing",
        name: "Confluence publishing",
        purpose: "Create and update pages in a space from generated documentation.",
        product: Product::ConfluenceV2,
        credential: SCOPED,
        operations: &[
            "GET /wiki/api/v2/spaces",
            "GET /wiki/api/v2/pages",
            "GET /wiki/api/v2/pages/{id}",
            "POST /wiki/api/v2/pages",
            "PUT /wiki/api/v2/pages/{id}",
        ],
    },
    Template {
        id: "confluence-read-export",
        name: "Confluence read-only export",
        purpose: "Search with CQL and export pages, blog posts and attachments for backup or indexing.",
        product: Product::ConfluenceV1,
        credential: SCOPED,
        operations: &[
            "GET /wiki/rest/api/search",
            "GET /wiki/api/v2/pages/{id}",
            "GET /wiki/api/v2/blogposts",
            "GET /wiki/api/v2/pages/{id}/attachments",
        ],
    },
    Template {
        id: "confluence-attachment-uploader",
        name: "Confluence attachment uploader",
        purpose: "Attach build artefacts or reports to an existing page.",
        product: Product::ConfluenceV1,
        credential: SCOPED,
        operations: &[
            "GET /wiki/api/v2/pages/{id}",
            "PUT /wiki/rest/api/content/{id}/child/attachment",
        ],
    },
    Template {
        id: "bitbucket-ci-read",
        name: "Bitbucket CI read",
        purpose: "Read repositories, commits and pipeline results from a CI or dashboard.",
        product: Product::Bitbucket,
        credential: CredentialKind::BitbucketToken,
        operations: &[
            "GET /2.0/repositories/{workspace}",
            "GET /2.0/repositories/{workspace}/{repo_slug}",
            "GET /2.0/repositories/{workspace}/{repo_slug}/commits",
            "GET /2.0/repositories/{workspace}/{repo_slug}/pipelines",
        ],
    },
    Template {
        id: "bitbucket-pull-request-bot",
        name: "Pull-request bot",
        purpose: "Comment on and approve pull requests and report build status on commits.",
        product: Product::Bitbucket,
        credential: CredentialKind::BitbucketToken,
        operations: &[
            "GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests",
            "GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/diff",
            "POST /2.0/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments",
            "POST /2.0/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve",
            "POST /2.0/repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build",
        ],
    },
    Template {
        id: "bitbucket-release-tagger",
        name: "Bitbucket release tagger",
        purpose: "Create tags and download-area artefacts for releases.",
        product: Product::Bitbucket,
        credential: CredentialKind::BitbucketToken,
        operations: &[
            "GET /2.0/repositories/{workspace}/{repo_slug}/refs/tags",
            "POST /2.0/repositories/{workspace}/{repo_slug}/refs/tags",
            "POST /2.0/repositories/{workspace}/{repo_slug}/downloads",
        ],
    },
];

/// Resolves a template's `METHOD path` lines through the matcher.
pub fn resolve(template: &Template) -> (Vec<OperationId>, Vec<String>) {
    let mut resolved = Vec::new();
    let mut unresolved = Vec::new();
    for line in template.operations {
        let (method, path) = line.split_once(' ').unwrap_or(("", line));
        match match_request(method, path).operation {
            Some(id) => resolved.push(id),
            None => unresolved.push((*line).to_string()),
        }
    }
    (resolved, unresolved)
}

/// Resolves and solves one template for its own credential kind.
pub fn solve_template(template: &Template) -> SolvedTemplate {
    let (resolved, unresolved) = resolve(template);
    let recommendation = solver::solve(&resolved, template.credential);
    SolvedTemplate {
        template: *template,
        operations: resolved
            .iter()
            .filter_map(|&id| catalog::operation(id))
            .map(|op| op.display())
            .collect(),
        unresolved,
        recommendation,
    }
}

/// Finds a template by id.
pub fn find(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_at_least_twelve_templates_over_five_product_families() {
        assert!(TEMPLATES.len() >= 12);
        for family in [
            &[Product::JiraPlatform][..],
            &[Product::JiraSoftware],
            &[Product::JiraServiceManagement],
            &[Product::ConfluenceV1, Product::ConfluenceV2],
            &[Product::Bitbucket],
        ] {
            assert!(
                TEMPLATES.iter().any(|t| family.contains(&t.product)),
                "{family:?}"
            );
        }
        let mut ids: Vec<&str> = TEMPLATES.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), TEMPLATES.len(), "template ids are unique");
    }

    #[test]
    fn every_template_operation_resolves() {
        for t in TEMPLATES {
            let (_, unresolved) = resolve(t);
            assert!(unresolved.is_empty(), "{}: {unresolved:?}", t.id);
        }
    }

    #[test]
    fn every_template_solves_and_recomputes_to_a_covering_answer() {
        for t in TEMPLATES {
            let solved = solve_template(t);
            let r = &solved.recommendation;
            assert!(
                r.unsatisfiable.is_empty(),
                "{}: {:?}",
                t.id,
                r.unsatisfiable
            );
            assert!(!r.scopes.is_empty(), "{}", t.id);
            let held: Vec<_> = r
                .scopes
                .iter()
                .filter_map(|s| catalog::scope_by_name(&s.scope))
                .collect();
            let (ops, _) = resolve(t);
            for id in ops {
                let op = catalog::operation(id).expect("resolved ids are in the catalog");
                assert!(
                    op.allowed_by(&held),
                    "{}: {} not covered",
                    t.id,
                    op.display()
                );
            }
            // Recomputing gives the same answer (deterministic solver).
            let again = solve_template(t).recommendation;
            let names =
                |r: &Recommendation| r.scopes.iter().map(|s| s.scope.clone()).collect::<Vec<_>>();
            assert_eq!(names(r), names(&again), "{}", t.id);
            assert!(
                r.exposure <= r.baseline_exposure || r.method == solver::SolverMethod::Heuristic,
                "{}",
                t.id
            );
        }
    }
}
