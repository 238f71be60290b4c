//! `token-warden scopes …`: scope advice from templates, single requests, HAR files, request
//! lists, source trees and OpenAPI specs. This file only does IO (reading files and stdin, walking
//! trees, printing); the analysis lives in `crate::scopes`.
//!
//! Exit codes (all subcommands): 0 ok; 1 the command ran but found unknown endpoints or matched
//! nothing; 2 bad usage or bad input (missing file, malformed HAR or spec).

use std::io::{self, Read as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use crate::atlassian::limits::CredentialKind;
use crate::scopes::catalog::Product;
use crate::scopes::solver::Recommendation;
use crate::scopes::{self as core, spec_import, templates, traffic, Analysis};

const EXIT_CODES: &str =
    "Exit codes: 0 ok; 1 unknown endpoints found or nothing matched; 2 bad input \
                          (missing file, malformed HAR/spec, bad arguments).";

/// The credential to recommend scopes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CredentialArg {
    /// "API token with scopes" owned by a person.
    ScopedPersonalToken,
    /// A service account's scoped API token.
    ServiceAccountToken,
    /// A service account's OAuth 2.0 client credentials.
    ServiceAccountOauth,
    /// A Bitbucket API token.
    BitbucketToken,
}

impl From<CredentialArg> for CredentialKind {
    fn from(arg: CredentialArg) -> CredentialKind {
        match arg {
            CredentialArg::ScopedPersonalToken => CredentialKind::ScopedPersonalToken,
            CredentialArg::ServiceAccountToken => CredentialKind::ServiceAccountToken,
            CredentialArg::ServiceAccountOauth => CredentialKind::ServiceAccountOauth,
            CredentialArg::BitbucketToken => CredentialKind::BitbucketToken,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ScopesCommand {
    /// List the use-case templates and the scopes the solver computes for each.
    #[command(after_help = EXIT_CODES)]
    Templates {
        /// Show only this template (by id).
        #[arg(long)]
        id: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Explain one request: its operation, every scope alternative, and which scope a
    /// "401 scope does not match" most likely lacks.
    #[command(after_help = EXIT_CODES)]
    Explain {
        /// HTTP method, e.g. GET.
        method: String,
        /// URL or path, e.g. https://acme.atlassian.net/rest/api/3/issue/ABC-1.
        url: String,
        /// Scopes the failing credential has (comma-separated), to name exactly what is missing.
        #[arg(long, value_delimiter = ',')]
        held: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Recommend scopes for the Atlassian requests recorded in a HAR file.
    #[command(after_help = EXIT_CODES)]
    Har {
        file: PathBuf,
        #[arg(long, value_enum, default_value = "service-account-token")]
        credential: CredentialArg,
        #[arg(long)]
        json: bool,
    },
    /// Recommend scopes for a list of `METHOD URL` lines or curl commands (`-` reads stdin).
    #[command(after_help = EXIT_CODES)]
    Requests {
        file: PathBuf,
        #[arg(long, value_enum, default_value = "service-account-token")]
        credential: CredentialArg,
        #[arg(long)]
        json: bool,
    },
    /// Find Atlassian REST calls in source trees (respects .gitignore, skips binaries, parallel)
    /// and recommend scopes, with file:line evidence.
    #[command(after_help = EXIT_CODES)]
    Scan {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "service-account-token")]
        credential: CredentialArg,
        #[arg(long)]
        json: bool,
    },
    /// Regenerate a catalog data file from an Atlassian OpenAPI (JSON) document.
    #[command(after_help = EXIT_CODES)]
    ImportSpec {
        file: PathBuf,
        /// jira-platform, jira-software, jira-service-management, confluence-v1, confluence-v2 or bitbucket.
        #[arg(long)]
        product: String,
        /// Where to write the data file (default: stdout).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// A failure to report with exit code 2.
struct BadInput(String);

/// Why a subcommand stopped early: bad input (exit 2), or writing its output failed.
enum Failure {
    BadInput(String),
    Output(io::Error),
}

impl From<BadInput> for Failure {
    fn from(BadInput(message): BadInput) -> Failure {
        Failure::BadInput(message)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Failure {
        Failure::Output(error)
    }
}

pub fn run(command: ScopesCommand) -> ExitCode {
    // Everything goes through one locked handle with `writeln!`: a reader that goes away
    // (`| head -1`) is a write error to handle, not a `println!` panic.
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = run_to(command, &mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(Failure::BadInput(message)) => {
            eprintln!("token-warden: {message}");
            ExitCode::from(2)
        }
        // The reader closed the pipe (`| head`): it has all it wanted, which is a normal end.
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            eprintln!("token-warden: cannot write the output: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_to(command: ScopesCommand, out: &mut impl Write) -> Result<ExitCode, Failure> {
    match command {
        ScopesCommand::Templates { id, json } => run_templates(out, id.as_deref(), json),
        ScopesCommand::Explain {
            method,
            url,
            held,
            json,
        } => run_explain(out, &method, &url, &held, json),
        ScopesCommand::Har {
            file,
            credential,
            json,
        } => run_har(out, &file, credential.into(), json),
        ScopesCommand::Requests {
            file,
            credential,
            json,
        } => run_requests(out, &file, credential.into(), json),
        ScopesCommand::Scan {
            paths,
            credential,
            json,
        } => run_scan(out, &paths, credential.into(), json),
        ScopesCommand::ImportSpec {
            file,
            product,
            output,
        } => run_import(out, &file, &product, output.as_deref()),
    }
}

fn read_file(path: &Path) -> Result<String, BadInput> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| BadInput(format!("cannot read standard input: {e}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(path)
        .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))
}

fn print_json<T: serde::Serialize>(out: &mut impl Write, value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| BadInput(format!("cannot write JSON: {e}")))?;
    writeln!(out, "{text}")?;
    Ok(())
}

fn run_templates(out: &mut impl Write, id: Option<&str>, json: bool) -> Result<ExitCode, Failure> {
    let solved = solved_templates(id).map_err(BadInput)?;
    if json {
        print_json(out, &solved)?;
    } else {
        for t in &solved {
            writeln!(out, "{}  ({})", t.template.name, t.template.id)?;
            writeln!(out, "  {}", t.template.purpose)?;
            for op in &t.operations {
                writeln!(out, "    {op}")?;
            }
            for line in &t.unresolved {
                writeln!(out, "    UNRESOLVED {line}")?;
            }
            print_recommendation(out, &t.recommendation, "  ")?;
            writeln!(out)?;
        }
    }
    let any_unresolved = solved.iter().any(|t| !t.unresolved.is_empty());
    Ok(if any_unresolved {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_explain(
    out: &mut impl Write,
    method: &str,
    url: &str,
    held: &[String],
    json: bool,
) -> Result<ExitCode, Failure> {
    let explanation = core::explain(method, url, held);
    if json {
        print_json(out, &explanation)?;
    } else {
        match &explanation.operation {
            Some(op) => {
                writeln!(out, "{op}")?;
                if let Some(id) = &explanation.operation_id {
                    writeln!(out, "  operationId: {id}")?;
                }
                if let Some(summary) = &explanation.summary {
                    writeln!(out, "  summary: {summary}")?;
                }
                if explanation.matched.mapped_from_v2 {
                    writeln!(out, "  (a /rest/api/2 path: matched its v3 twin)")?;
                }
                if !explanation.has_published_requirement {
                    writeln!(out, "  no published scope requirement")?;
                }
                for (i, alt) in explanation.alternatives.iter().enumerate() {
                    let scopes = if alt.is_empty() {
                        "(no scope needed)".to_string()
                    } else {
                        alt.join(" + ")
                    };
                    writeln!(out, "  alternative {}: {scopes}", i + 1)?;
                }
                if let Some(p) = &explanation.permissions_required {
                    writeln!(out, "  permissions required: {p}")?;
                }
                if let Some(c) = &explanation.connect_scope {
                    writeln!(out, "  Connect scope: {c}")?;
                }
            }
            None => {
                writeln!(
                    out,
                    "UNKNOWN {} {}",
                    explanation.matched.method, explanation.matched.url
                )?;
                if let Some(reason) = &explanation.matched.unknown_reason {
                    writeln!(out, "  {reason}")?;
                }
                for near in &explanation.matched.nearest {
                    writeln!(out, "  nearest: {near}")?;
                }
            }
        }
        if !explanation.likely_missing.is_empty() {
            writeln!(
                out,
                "401 \"scope does not match\": most likely missing {}",
                explanation.likely_missing.join(", ")
            )?;
        }
        writeln!(out, "  ({})", explanation.likely_missing_reason)?;
    }
    Ok(if explanation.operation.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_har(
    out: &mut impl Write,
    file: &Path,
    credential: CredentialKind,
    json: bool,
) -> Result<ExitCode, Failure> {
    let text = read_file(file)?;
    let (requests, skipped) = traffic::parse_har(&text)
        .map_err(|e| BadInput(format!("{} is not a usable HAR file: {e}", file.display())))?;
    let analysis = core::analyse_requests(
        requests
            .iter()
            .map(|r| (r.method.as_str(), r.url.as_str(), r.evidence.clone())),
        credential,
    );
    if !json && skipped > 0 {
        writeln!(out, "({skipped} non-Atlassian requests skipped)")?;
    }
    report_analysis(out, &analysis, json)
}

fn run_requests(
    out: &mut impl Write,
    file: &Path,
    credential: CredentialKind,
    json: bool,
) -> Result<ExitCode, Failure> {
    let text = read_file(file)?;
    let (analysis, unreadable) = requests_analysis(&text, credential);
    for line in &unreadable {
        eprintln!(
            "token-warden: {}:{}: {} ({})",
            file.display(),
            line.line,
            line.reason,
            line.text
        );
    }
    if analysis.requests.is_empty() && !unreadable.is_empty() {
        return Err(BadInput(format!("{}: no readable request lines", file.display())).into());
    }
    report_analysis(out, &analysis, json)
}

// One code path for the CLI's `--json` output and the MCP server's tools (`src/mcp/`): the
// subcommands above and the tools call these, so both give the same JSON.

/// The templates `scopes templates` shows: all of them, or the one with `id`.
pub(crate) fn solved_templates(id: Option<&str>) -> Result<Vec<templates::SolvedTemplate>, String> {
    let chosen: Vec<&templates::Template> = match id {
        Some(id) => vec![templates::find(id).ok_or_else(|| format!("no template with id {id:?}"))?],
        None => templates::TEMPLATES.iter().collect(),
    };
    Ok(chosen.into_iter().map(templates::solve_template).collect())
}

/// What `scopes requests` makes of a request list (`METHOD URL` lines, bare URLs, curl
/// commands): the analysis `--json` prints, and the lines it could not read.
pub(crate) fn requests_analysis(
    text: &str,
    credential: CredentialKind,
) -> (Analysis, Vec<traffic::UnreadableLine>) {
    let (requests, unreadable) = traffic::parse_request_lines(text);
    let analysis = core::analyse_requests(
        requests
            .iter()
            .map(|r| (r.method.as_str(), r.url.as_str(), r.evidence.clone())),
        credential,
    );
    (analysis, unreadable)
}

/// Exactly the JSON `scopes scan --json PATH…` prints, as a value (the MCP `scopes_for_source`
/// tool): both run `crate::scan::scan` and serialise its `ScanReport`.
pub(crate) fn scan_json(
    paths: &[PathBuf],
    credential: CredentialKind,
) -> Result<serde_json::Value, String> {
    let options = crate::scan::ScanOptions {
        credential,
        ..crate::scan::ScanOptions::default()
    };
    let report = crate::scan::scan(paths, &options).map_err(|e| e.to_string())?;
    serde_json::to_value(&report).map_err(|e| format!("cannot write JSON: {e}"))
}

/// `scopes scan`: the scan itself lives in `crate::scan`; this prints its report.
fn run_scan(
    out: &mut impl Write,
    paths: &[PathBuf],
    credential: CredentialKind,
    json: bool,
) -> Result<ExitCode, Failure> {
    let options = crate::scan::ScanOptions {
        credential,
        ..crate::scan::ScanOptions::default()
    };
    let report = crate::scan::scan(paths, &options).map_err(|e| BadInput(e.to_string()))?;
    if json {
        print_json(out, &report)?;
    } else {
        writeln!(
            out,
            "{} call(s) in {} file(s) parsed ({} source file(s) seen), {} unresolved",
            report.calls.len(),
            report.files_parsed,
            report.files_seen,
            report.unresolved.len()
        )?;
        for c in &report.calls {
            let operation = c.operation.as_deref().unwrap_or("UNKNOWN");
            writeln!(
                out,
                "  {}:{}  {} {}  →  {operation}",
                c.file, c.line, c.method, c.url
            )?;
            writeln!(out, "      method: {}; {}", c.method_source, c.resolution)?;
        }
        if report.methods_unknown > 0 {
            writeln!(
                out,
                "! {} call(s) above: HTTP method not found in the code, assumed GET (\"method unknown\"); \
                 if one of them writes, the recommendation below lacks its write scope",
                report.methods_unknown
            )?;
        }
        if !report.unresolved.is_empty() {
            writeln!(out, "Unresolved:")?;
            for u in &report.unresolved {
                writeln!(out, "  {}:{}  {}", u.file, u.line, u.snippet)?;
                writeln!(out, "      {}", u.reason)?;
            }
        }
        if !report.skipped.is_empty() {
            writeln!(out, "Skipped:")?;
            for s in &report.skipped {
                writeln!(
                    out,
                    "  {}: {}",
                    crate::scan::output::safe(&s.path),
                    s.reason
                )?;
            }
        }
        for recommendation in &report.analysis.recommendations {
            writeln!(out)?;
            print_recommendation(out, recommendation, "")?;
        }
    }
    let matched_any = report.calls.iter().any(|c| c.operation.is_some());
    Ok(if !report.unresolved.is_empty() || !matched_any {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_import(
    out: &mut impl Write,
    file: &Path,
    product: &str,
    output: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let product = Product::from_slug(product).ok_or_else(|| {
        let known: Vec<&str> = Product::ALL.iter().map(|p| p.slug()).collect();
        BadInput(format!(
            "unknown product {product:?}; expected one of {}",
            known.join(", ")
        ))
    })?;
    let text = read_file(file)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let data = spec_import::import_spec(&text, &name, product).map_err(|e| {
        BadInput(format!(
            "{} is not a usable OpenAPI spec: {e}",
            file.display()
        ))
    })?;
    match output {
        Some(path) => std::fs::write(path, data)
            .map_err(|e| BadInput(format!("cannot write {}: {e}", path.display())))?,
        None => out.write_all(data.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn report_analysis(
    out: &mut impl Write,
    analysis: &Analysis,
    json: bool,
) -> Result<ExitCode, Failure> {
    if json {
        print_json(out, analysis)?;
    } else {
        writeln!(
            out,
            "{} request(s), {} unknown",
            analysis.requests.len(),
            analysis.unknown_count
        )?;
        for r in &analysis.requests {
            match &r.operation {
                Some(op) => {
                    writeln!(out, "  {:<28} {} {}  →  {op}", r.evidence, r.method, r.url)?;
                }
                None => {
                    writeln!(
                        out,
                        "  {:<28} {} {}  →  UNKNOWN",
                        r.evidence, r.method, r.url
                    )?;
                    if let Some(reason) = &r.matched.unknown_reason {
                        writeln!(out, "  {:<28}   {reason}", "")?;
                    }
                    for near in &r.matched.nearest {
                        writeln!(out, "  {:<28}   nearest: {near}", "")?;
                    }
                }
            }
        }
        for recommendation in &analysis.recommendations {
            writeln!(out)?;
            print_recommendation(out, recommendation, "")?;
        }
    }
    let matched_any = analysis.requests.iter().any(|r| r.operation.is_some());
    Ok(if analysis.unknown_count > 0 || !matched_any {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_recommendation(out: &mut impl Write, r: &Recommendation, indent: &str) -> io::Result<()> {
    let credential = serde_json::to_value(r.credential)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    writeln!(
        out,
        "{indent}Scopes for {credential} ({:?}: {})",
        r.method, r.method_note
    )?;
    let width = r.scopes.iter().map(|s| s.scope.len()).max().unwrap_or(0);
    for s in &r.scopes {
        writeln!(
            out,
            "{indent}  {:<width$}  {:<9} {:<7} needed by {}",
            s.scope,
            format!("{:?}", s.kind).to_lowercase(),
            format!("{:?}", s.action).to_lowercase(),
            s.needed_by.join(", "),
        )?;
    }
    let ratio = r
        .exposure_ratio
        .map(|x| format!("{:.0}% of", x * 100.0))
        .unwrap_or_else(|| "vs".to_string());
    writeln!(
        out,
        "{indent}Exposure {} = {ratio} the classic baseline's {} ({})",
        r.exposure,
        r.baseline_exposure,
        r.baseline_scopes.join(" ")
    )?;
    writeln!(
        out,
        "{indent}Unlocks {} operation(s); beyond what was asked, e.g.:",
        r.unlocked_count
    )?;
    for example in &r.unlocked_examples {
        writeln!(out, "{indent}  {example}")?;
    }
    for op in &r.no_scope_needed {
        writeln!(out, "{indent}No scope needed: {op}")?;
    }
    for op in &r.no_published_requirement {
        writeln!(out, "{indent}No published requirement: {op}")?;
    }
    for u in &r.unsatisfiable {
        writeln!(out, "{indent}CANNOT GRANT {}: {}", u.operation, u.reason)?;
    }
    for w in &r.warnings {
        writeln!(out, "{indent}! {w}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that has gone away (`| head -1`): every write fails with a broken pipe.
    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_is_a_write_error_not_a_panic() {
        for json in [false, true] {
            let result = run_to(ScopesCommand::Templates { id: None, json }, &mut ClosedPipe);
            assert!(
                matches!(result, Err(Failure::Output(ref e)) if e.kind() == io::ErrorKind::BrokenPipe),
                "json={json}"
            );
        }
    }

    #[test]
    fn output_goes_to_the_writer() {
        let mut out = Vec::new();
        let result = run_to(
            ScopesCommand::Explain {
                method: "GET".into(),
                url: "https://acme.atlassian.net/rest/api/3/myself".into(),
                held: Vec::new(),
                json: false,
            },
            &mut out,
        );
        assert!(matches!(result, Ok(code) if code == ExitCode::SUCCESS));
        assert!(String::from_utf8_lossy(&out).starts_with("GET /rest/api/3/myself"));
    }
}
