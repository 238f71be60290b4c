//! `token-warden audit`: reads an org's API tokens, users and service accounts through the admin
//! APIs (`crate::admin_api`), audits them (`crate::audit`, pure) and prints the findings, the
//! migration plan and a summary line. This file only does the IO: arguments, key loading, the
//! progress bar and writing the report.
//!
//! Exit codes: 0 complete, no finding at or above `--fail-on`; 1 findings at or above `--fail-on`;
//! 2 bad usage, bad input or an API error; 3 partial (something could not be read: the report is
//! written with what was read and names what is missing).

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::admin_api::{
    self, AdminApiError, AdminClient, ApiKey, Clock as _, FetchOptions, Progress, RetryPolicy,
    SystemClock, DEFAULT_API_BASE,
};
use crate::atlassian::limits::Plan;
use crate::audit::report::{self, Format};
use crate::audit::{self, AuditOptions, Severity};

const AFTER_HELP: &str = "\
The API key is read from ATLASSIAN_ADMIN_API_KEY or --api-key-file (create it in \
admin.atlassian.com → Settings → API keys, without scopes for the user endpoints). It is never \
printed.

Exit codes:
  0  the audit is complete and has no finding at or above --fail-on
  1  findings at or above --fail-on
  2  bad usage, bad input, or an API error that stops everything (key, org, permission)
  3  partial: a listing could not be read to its end (after retries, or past --deadline). The
     report is still written with everything read, and names what is missing. Never read it as clean.

Flaky APIs: each request is retried (429, 5xx, network errors, timeouts, truncated or malformed
bodies) up to --max-retries times with backoff and jitter, honouring Retry-After and
X-RateLimit-Reset; each try waits at most --connect-timeout and --read-timeout.

Resume: with --checkpoint FILE an interrupted audit (Ctrl-C, crash, lost network, exit 3) continues
where it stopped when the same command is run again, and writes the whole report again; FILE and
FILE.tokens.jsonl (0600, never the key) are removed after a complete run.

Examples:
  token-warden audit --org 1a2b3c
  token-warden audit --org 1a2b3c --format csv > audit.csv
  token-warden audit --org 1a2b3c --format html --checkpoint audit.state > audit.html
  token-warden audit --org 1a2b3c --plan guard-standard --fail-on high --api-key-file /run/secrets/atlassian";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A readable table, the migration plan and the summary line.
    Table,
    Json,
    Csv,
    Markdown,
    /// One self-contained HTML file (inline SVG charts, no scripts, no external assets).
    Html,
}

/// The org's plan, for the service-account limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanArg {
    /// No Atlassian Guard: 5 service accounts.
    Free,
    /// Atlassian Guard Standard: 250.
    GuardStandard,
    /// Enterprise: 1,000.
    Enterprise,
}

/// Severities `--fail-on` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    High,
    Medium,
    Low,
}

/// Audit an org's user API tokens: orphaned, unused, unscoped, expiring, and integrations running
/// on personal tokens, with a migration plan to service accounts.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct AuditArgs {
    /// The org id (the id after /o/ in admin.atlassian.com URLs).
    #[arg(long, value_name = "ORG_ID")]
    pub org: String,
    /// Read the admin API key from this file instead of ATLASSIAN_ADMIN_API_KEY.
    #[arg(long, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,
    /// The admin API server.
    #[arg(long, value_name = "URL", default_value = DEFAULT_API_BASE)]
    pub api_base: String,
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Exit 1 when there are findings of this severity or above (for scheduled runs).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOnArg>,
    /// A personal token used within this many days is an integration suspect.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub active_days: u32,
    /// A token unused for this many days should be revoked.
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub stale_days: u32,
    /// Warn about tokens in use that expire within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub expiry_days: u32,
    /// The org's plan (for the service-account limit).
    #[arg(long, value_enum, default_value_t = PlanArg::Free)]
    pub plan: PlanArg,
    /// Items per page of the api-tokens listing (Atlassian documents `pageSize` but no maximum;
    /// default 1000, what public audit scripts send).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub page_size: Option<u32>,
    /// Retries of one request after a 429, a 5xx, a network error, a timeout or a malformed body.
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub max_retries: u32,
    /// Seconds to wait for a connection.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds)]
    pub connect_timeout: f64,
    /// Seconds to wait for an answer's head, and again for its body.
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0, value_parser = parse_seconds)]
    pub read_timeout: f64,
    /// Stop after this many seconds in all (the run is then partial, exit 3).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub deadline: Option<f64>,
    /// Largest answer read, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 32, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_body_mb: u64,
    /// Record the token listing's progress in FILE (and its token records in FILE.tokens.jsonl;
    /// both 0600; never the key, and the API never returns token values) and, when FILE exists,
    /// continue the interrupted audit it records: no token lost or counted twice. The resumed run
    /// writes the whole report again (users and service accounts are re-read). Both files are
    /// removed after a complete run and kept after a partial or interrupted one.
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// No progress bar (it is only drawn when stderr is a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
}

/// A progress bar on stderr, drawn only on a terminal.
struct ProgressBarSink {
    bar: Option<ProgressBar>,
}

impl ProgressBarSink {
    fn new(enabled: bool) -> ProgressBarSink {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        ProgressBarSink { bar }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for ProgressBarSink {
    fn wants_totals(&self) -> bool {
        self.bar.is_some()
    }

    fn start(&mut self, what: &str, total: Option<u64>) {
        let Some(bar) = &self.bar else { return };
        bar.reset();
        bar.set_length(total.unwrap_or(0));
        let template = if total.is_some() {
            "{spinner} reading {msg}: {pos}/{len} {wide_bar} {eta}"
        } else {
            "{spinner} reading {msg}: {pos}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_message(what.to_string());
    }

    fn advance(&mut self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        }
    }
}

/// Runs `token-warden audit`.
pub fn run(args: AuditArgs) -> ExitCode {
    let key = match ApiKey::load(args.api_key_file.as_deref()) {
        Ok(key) => key,
        Err(err) => return fail(&err.to_string()),
    };
    let policy = RetryPolicy {
        max_retries: args.max_retries,
        connect_timeout: Duration::from_secs_f64(args.connect_timeout),
        read_timeout: Duration::from_secs_f64(args.read_timeout),
        deadline: args.deadline.map(Duration::from_secs_f64),
        max_body_bytes: args.max_body_mb * 1024 * 1024,
        ..RetryPolicy::default()
    };
    let clock = Arc::new(SystemClock);
    let client = match AdminClient::new(&args.api_base, key, clock.clone(), policy) {
        Ok(client) => client,
        Err(err) => return fail(&err.to_string()),
    };
    let scrub = |text: &str| client.key().scrub(text);

    let started = Instant::now();
    let mut progress = ProgressBarSink::new(!args.no_progress);
    let options = FetchOptions {
        // Users come from the v2 directory API (both user-management experiences), else v1:
        // there is no `--skip-users` dead end for orgs on the original experience any more.
        skip_users: false,
        page_size: args.page_size,
    };
    let audit_options = AuditOptions {
        active_days: args.active_days,
        stale_days: args.stale_days,
        expiry_warning_days: args.expiry_days,
        plan: match args.plan {
            PlanArg::Free => Plan::Free,
            PlanArg::GuardStandard => Plan::GuardStandard,
            PlanArg::Enterprise => Plan::Enterprise,
        },
    };
    let format = match args.format {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
    };
    let mut checkpoint = match &args.checkpoint {
        None => None,
        Some(path) => {
            let page_size = args.page_size.unwrap_or(admin_api::TOKENS_PAGE_SIZE);
            match admin_api::checkpoint::Checkpoint::open(path, &args.org, client.base(), page_size)
            {
                Ok(checkpoint) => Some(checkpoint),
                Err(err) => return fail(&scrub(&err.to_string())),
            }
        }
    };
    if let Some(checkpoint) = checkpoint.as_ref().filter(|c| c.is_resumed()) {
        let tokens = checkpoint.tokens();
        eprintln!(
            "Resuming from {}: {} tokens in {} pages already read{}; the whole report is written \
             again.",
            checkpoint.path().display(),
            tokens.read,
            tokens.pages,
            if tokens.ended {
                " (the listing was read to its end)"
            } else {
                ""
            }
        );
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Every format is streamed from the listings: JSON and CSV write each finding at once; the
    // table and Markdown collect the findings (not the tokens) and sort them for people.
    let report = match stream_report(
        &client,
        &args.org,
        options,
        &mut progress,
        checkpoint.as_mut(),
        clock.now(),
        &audit_options,
        format,
        &mut out,
    )
    .and_then(|report| match out.flush() {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write the report: {err}"))
        }
        _ => Ok(report),
    }) {
        Ok(report) => report,
        Err(message) => {
            progress.finish();
            return fail(&scrub(&message));
        }
    };
    progress.finish();
    let fetch_time = started.elapsed();

    let stats = client.stats();
    if format != Format::Table {
        eprintln!("{}", report::summary_line(&report, &args.org));
        for note in &report.notes {
            eprintln!("note: {}", scrub(note));
        }
    }
    for missing in &report.missing {
        eprintln!("missing: {}", scrub(missing));
    }
    eprintln!(
        "Read in {:.1} s: {} requests, {} rate-limited (429), {} server errors, {} network errors or \
         timeouts, {} malformed bodies, {:.1} s waiting.",
        fetch_time.as_secs_f64(),
        stats.requests,
        stats.rate_limited,
        stats.server_errors,
        stats.network_errors,
        stats.malformed,
        stats.waited.as_secs_f64()
    );

    let threshold = args.fail_on.map(|f| match f {
        FailOnArg::High => Severity::High,
        FailOnArg::Medium => Severity::Medium,
        FailOnArg::Low => Severity::Low,
    });
    if let Some(checkpoint) = checkpoint {
        let path = checkpoint.path().display().to_string();
        if report.is_partial() {
            eprintln!("Checkpoint kept: run the same command again to continue from {path}.");
        } else if let Err(err) = checkpoint.remove() {
            eprintln!("note: the audit is complete, but its checkpoint {path} could not be removed: {err}");
        }
    }
    if report.is_partial() {
        eprintln!(
            "Partial audit (exit 3): {} listing(s) could not be read to the end; the report above \
             holds everything that was read.",
            report.missing.len()
        );
        return ExitCode::from(3);
    }
    match threshold {
        Some(severity) if report.summary.at_or_above(severity) > 0 => {
            eprintln!(
                "Failing (--fail-on {severity}): {} findings at or above {severity}.",
                report.summary.at_or_above(severity)
            );
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// Where the streaming audit writes.
enum Stream<'w> {
    Json(report::JsonStream<'w>),
    Html(audit::html::HtmlStream<'w>),
    Csv(&'w mut dyn std::io::Write),
    /// The table and Markdown: findings and steps kept (sorted and written at the end).
    Collect {
        out: &'w mut dyn std::io::Write,
        findings: Vec<audit::Finding>,
        plan: Vec<audit::MigrationStep>,
    },
}

impl Stream<'_> {
    /// A token's findings, and its migration step if it has one.
    fn token(
        &mut self,
        findings: &[audit::Finding],
        step: Option<&audit::MigrationStep>,
    ) -> std::io::Result<()> {
        match self {
            Stream::Json(json) => {
                for finding in findings {
                    json.finding(finding)?;
                }
                step.map_or(Ok(()), |step| json.step(step))
            }
            Stream::Html(html) => {
                for finding in findings {
                    html.finding(finding)?;
                }
                step.map_or(Ok(()), |step| html.step(step))
            }
            Stream::Csv(out) => {
                for finding in findings {
                    report::write_csv_row(&mut **out, finding, step)?;
                }
                Ok(())
            }
            Stream::Collect {
                findings: kept,
                plan,
                ..
            } => {
                kept.extend(findings.iter().cloned());
                plan.extend(step.cloned());
                Ok(())
            }
        }
    }
}

/// The streaming audit (`--format json` and `csv`): reads the listings concurrently, judges each
/// page of tokens as it arrives and writes each finding at once. Returns the report without its
/// findings or plan (already written): the summary, notes and `missing` for stderr and the exit
/// code.
#[allow(clippy::too_many_arguments)]
fn stream_report(
    client: &AdminClient,
    org: &str,
    options: FetchOptions,
    progress: &mut ProgressBarSink,
    checkpoint: Option<&mut admin_api::checkpoint::Checkpoint>,
    now: audit::Timestamp,
    audit_options: &AuditOptions,
    format: Format,
    out: &mut dyn std::io::Write,
) -> Result<audit::AuditReport, String> {
    let cannot_write = |err: std::io::Error| format!("cannot write the report: {err}");
    let mut stream = match format {
        Format::Json => Stream::Json(
            report::JsonStream::begin(out, org, now, audit_options).map_err(cannot_write)?,
        ),
        Format::Csv => {
            report::write_csv_header(out).map_err(cannot_write)?;
            Stream::Csv(out)
        }
        Format::Html => Stream::Html(
            audit::html::HtmlStream::begin(out, org, now, audit_options).map_err(cannot_write)?,
        ),
        Format::Table | Format::Markdown => Stream::Collect {
            out,
            findings: Vec::new(),
            plan: Vec::new(),
        },
    };
    let mut auditor: Option<audit::Auditor> = None;
    let mut write_error: Option<std::io::Error> = None;
    let fetched = admin_api::stream_listings(
        client,
        org,
        options,
        progress,
        checkpoint,
        &mut |listings, page| {
            let auditor = auditor.get_or_insert_with(|| {
                audit::Auditor::new(listings.users.as_deref(), now, audit_options)
            });
            // The auditor keeps what it needs of the users (account id → status): the full
            // records (names, e-mails) need not stay in memory for the rest of the run.
            listings.users = None;
            for token in &page {
                let mut findings = Vec::new();
                let mut step = None;
                auditor.judge(token, &mut |f| findings.push(f), &mut |s| step = Some(s));
                if let Err(err) = stream.token(&findings, step.as_ref()) {
                    write_error.get_or_insert(err);
                }
            }
        },
    );
    let (listings, _read) = fetched.map_err(|err| describe(&err))?;
    let mut auditor = auditor
        .unwrap_or_else(|| audit::Auditor::new(listings.users.as_deref(), now, audit_options));
    let mut org_findings = Vec::new();
    if let Some(accounts) = &listings.service_accounts {
        auditor.service_accounts(accounts, &mut |f| org_findings.push(f));
    }
    if let Some(credentials) = &listings.service_account_credentials {
        let accounts = listings.service_accounts.as_deref().unwrap_or_default();
        auditor.service_account_credentials(credentials, accounts, &mut |f| org_findings.push(f));
    }
    let (summary, notes) = auditor.finish(&listings, &mut |f| org_findings.push(f));
    if let Err(err) = stream.token(&org_findings, None) {
        write_error.get_or_insert(err);
    }
    let mut report = audit::AuditReport {
        generated_at: now,
        options: *audit_options,
        summary,
        findings: Vec::new(),
        migration_plan: Vec::new(),
        notes,
        missing: listings.missing,
    };
    let ended = match stream {
        Stream::Json(json) => json.end(&report.summary, &report.notes, &report.missing),
        Stream::Html(html) => html.end(&report.summary, &report.notes, &report.missing),
        Stream::Csv(_) => Ok(()),
        Stream::Collect {
            out,
            mut findings,
            plan,
        } => {
            audit::sort_findings(&mut findings);
            report.findings = findings;
            report.migration_plan = plan;
            let written = report::render(&report, org, format, out);
            // The caller needs the counters and notes only.
            report.findings = Vec::new();
            report.migration_plan = Vec::new();
            written
        }
    };
    if let Some(err) = write_error.or(ended.err()) {
        if err.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(format!("cannot write the report: {err}"));
        }
    }
    Ok(report)
}

/// A positive number of seconds (fractions allowed: the tests use tiny timeouts).
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 1e7 => Ok(s),
        _ => Err(format!("{text:?} is not a positive number of seconds")),
    }
}

fn describe(err: &AdminApiError) -> String {
    err.to_string()
}

fn fail(message: &str) -> ExitCode {
    eprintln!("token-warden audit: error: {message}");
    ExitCode::from(2)
}
