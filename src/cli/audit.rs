//! `token-warden audit`: reads an org's API tokens, users and service accounts through the admin
//! APIs (`crate::admin_api`), audits them (`crate::audit`, pure) and prints the findings, the
//! migration plan and a summary line. This file only does the IO: arguments, key loading, the
//! progress bar and writing the report.
//!
//! Exit codes: 0 no finding at or above `--fail-on`; 1 findings at or above `--fail-on`; 2 bad
//! usage, bad input or an API error.

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

Exit codes: 0 ok; 1 findings at or above --fail-on; 2 bad usage, bad input or an API error.

Examples:
  token-warden audit --org 1a2b3c
  token-warden audit --org 1a2b3c --format csv > audit.csv
  token-warden audit --org 1a2b3c --plan guard-standard --fail-on high --api-key-file /run/secrets/atlassian";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A readable table, the migration plan and the summary line.
    Table,
    Json,
    Csv,
    Markdown,
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
    /// Do not read the org's users (orgs on the original user-management experience,
    /// ADMIN-400-4); tokens of deactivated users then cannot be flagged.
    #[arg(long)]
    pub skip_users: bool,
    /// Ask for this many items per page (not documented by Atlassian; the server may ignore it).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub page_size: Option<u32>,
    /// Retries of one request after a 429, a 5xx or a network error.
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub max_retries: u32,
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
        skip_users: args.skip_users,
        page_size: args.page_size,
    };
    let listings = admin_api::fetch_listings(&client, &args.org, options, &mut progress);
    progress.finish();
    let listings = match listings {
        Ok(listings) => listings,
        Err(err) => return fail(&scrub(&describe(&err))),
    };
    let fetch_time = started.elapsed();

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
    let report = audit::audit(&listings, clock.now(), &audit_options);
    drop(listings);

    let format = match args.format {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
        FormatArg::Markdown => Format::Markdown,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = report::render(&report, &args.org, format, &mut out).and_then(|()| out.flush());
    if let Err(err) = written {
        if err.kind() != std::io::ErrorKind::BrokenPipe {
            return fail(&format!("cannot write the report: {err}"));
        }
    }

    let stats = client.stats();
    if format != Format::Table {
        eprintln!("{}", report::summary_line(&report, &args.org));
        for note in &report.notes {
            eprintln!("note: {}", scrub(note));
        }
    }
    eprintln!(
        "Read in {:.1} s: {} requests, {} rate-limited (429), {} server errors, {:.1} s waiting.",
        fetch_time.as_secs_f64(),
        stats.requests,
        stats.rate_limited,
        stats.server_errors,
        stats.waited.as_secs_f64()
    );

    let threshold = args.fail_on.map(|f| match f {
        FailOnArg::High => Severity::High,
        FailOnArg::Medium => Severity::Medium,
        FailOnArg::Low => Severity::Low,
    });
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

fn describe(err: &AdminApiError) -> String {
    err.to_string()
}

fn fail(message: &str) -> ExitCode {
    eprintln!("token-warden audit: error: {message}");
    ExitCode::from(2)
}
