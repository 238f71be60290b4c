//! Renders an [`AuditReport`] as a terminal table, JSON, CSV, Markdown or HTML (`super::html`), plus
//! the one-line summary.
//! Pure text: it writes to any `io::Write` and never reads the clock or the network.
//!
//! Everything that came from the API (labels, names, emails) is untrusted text: control characters
//! are replaced (no terminal escape injection), CSV cells that a spreadsheet would run as a formula
//! are prefixed with `'`, and Markdown table pipes are escaped.

use std::io::{self, Write};

use serde::Serialize;

use super::{AuditReport, Finding, MigrationStep, ScopeSource, Severity};

/// The output formats of `token-warden audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
    /// The self-contained HTML report (`super::html`).
    Html,
}

/// Writes the report in `format`.
pub fn render(
    report: &AuditReport,
    org_id: &str,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => render_table(report, org_id, out),
        Format::Json => render_json(report, org_id, out),
        Format::Csv => render_csv(report, out),
        Format::Markdown => render_markdown(report, org_id, out),
        Format::Html => render_html(report, org_id, out),
    }
}

fn render_html(report: &AuditReport, org_id: &str, out: &mut dyn Write) -> io::Result<()> {
    use super::html;
    html::write_head(
        out,
        org_id,
        report.generated_at,
        &report.options,
        &report.summary,
        &report.notes,
        &report.missing,
    )?;
    for finding in &report.findings {
        writeln!(out, "{}", html::finding_row(finding))?;
    }
    html::write_plan_head(out)?;
    for step in &report.migration_plan {
        writeln!(out, "{}", html::step_row(step))?;
    }
    html::write_tail(out)
}

/// One line: what was read and how many findings of each severity.
pub fn summary_line(report: &AuditReport, org_id: &str) -> String {
    let s = &report.summary;
    let users = s
        .users
        .map_or("users not read".to_string(), |n| format!("{n} users"));
    let service_accounts = s
        .service_accounts
        .map_or("service accounts not read".to_string(), |n| {
            format!("{n}/{} service accounts", s.service_account_limit)
        });
    let partial = if report.is_partial() {
        "PARTIAL (see missing) "
    } else {
        ""
    };
    format!(
        "{partial}Audit of org {}: {} tokens ({} working, {} blocked, {} expired), {users}, \
         {service_accounts}; findings: {} high, {} medium, {} low, {} info; {} to migrate.",
        clean(org_id),
        s.tokens,
        s.working_tokens,
        s.blocked_tokens,
        s.expired_tokens,
        s.high,
        s.medium,
        s.low,
        s.info,
        s.migrations
    )
}

/// A migration step as JSON: the step, and the same as the extension's hand-off job.
#[derive(Serialize)]
struct JsonStep<'a> {
    #[serde(flatten)]
    step: &'a MigrationStep,
    handoff_job: crate::handoff::HandoffJob,
}

impl<'a> JsonStep<'a> {
    fn of(step: &'a MigrationStep, org_id: &str, now: super::Timestamp) -> JsonStep<'a> {
        JsonStep {
            step,
            handoff_job: super::naming::handoff_job(step, org_id, now),
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    org_id: &'a str,
    #[serde(flatten)]
    report: &'a AuditReport,
}

/// The JSON report written as it is found (the streaming audit): the findings array is written
/// one finding at a time, in the order found (not sorted by severity: sorting would need them all
/// in memory); the migration plan waits in a temporary file until the findings array is closed;
/// the summary, notes and `missing` come last. Same keys as [`render`]'s JSON.
#[cfg(not(target_arch = "wasm32"))]
pub struct JsonStream<'w> {
    out: &'w mut dyn Write,
    org_id: String,
    generated_at: super::Timestamp,
    findings: u64,
    plan: super::spool::LineSpool,
}

#[cfg(not(target_arch = "wasm32"))]
impl<'w> JsonStream<'w> {
    /// Writes the head of the document.
    pub fn begin(
        out: &'w mut dyn Write,
        org_id: &str,
        generated_at: super::Timestamp,
        options: &super::AuditOptions,
    ) -> io::Result<JsonStream<'w>> {
        write!(
            out,
            "{{\n\"org_id\": {},\n\"generated_at\": {},\n\"options\": {},\n\"findings\": [",
            serde_json::to_string(org_id)?,
            serde_json::to_string(&generated_at)?,
            serde_json::to_string(options)?
        )?;
        Ok(JsonStream {
            out,
            org_id: org_id.to_string(),
            generated_at,
            findings: 0,
            plan: super::spool::LineSpool::new()?,
        })
    }

    /// One finding.
    pub fn finding(&mut self, finding: &Finding) -> io::Result<()> {
        let separator = if self.findings == 0 { "\n" } else { ",\n" };
        self.out.write_all(separator.as_bytes())?;
        serde_json::to_writer(&mut *self.out, finding)?;
        self.findings += 1;
        Ok(())
    }

    /// One migration step (written after the findings).
    pub fn step(&mut self, step: &MigrationStep) -> io::Result<()> {
        self.plan
            .push(&JsonStep::of(step, &self.org_id, self.generated_at))
    }

    /// Closes the findings, writes the migration plan, the summary, notes and what is missing.
    pub fn end(
        mut self,
        summary: &super::Summary,
        notes: &[String],
        missing: &[String],
    ) -> io::Result<()> {
        self.out.write_all(b"\n],\n\"migration_plan\": [\n")?;
        self.plan.copy_to(self.out, b",\n")?;
        writeln!(
            self.out,
            "\n],\n\"summary\": {},\n\"notes\": {},\n\"missing\": {}\n}}",
            serde_json::to_string(summary)?,
            serde_json::to_string(notes)?,
            serde_json::to_string(missing)?
        )
    }
}

fn render_json(report: &AuditReport, org_id: &str, out: &mut dyn Write) -> io::Result<()> {
    let mut value = serde_json::to_value(JsonReport { org_id, report })?;
    let steps: Vec<JsonStep<'_>> = report
        .migration_plan
        .iter()
        .map(|step| JsonStep::of(step, org_id, report.generated_at))
        .collect();
    value["migration_plan"] = serde_json::to_value(steps)?;
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}

const CSV_HEADER: &str =
    "severity,finding,token_id,token_label,owner_account_id,owner_name,owner_email,\
last_active_at,expires_at,detail,action,suggested_service_account,suggested_scopes";

fn render_csv(report: &AuditReport, out: &mut dyn Write) -> io::Result<()> {
    let plan_by_token: std::collections::HashMap<&str, &MigrationStep> = report
        .migration_plan
        .iter()
        .map(|step| (step.token.id.as_str(), step))
        .collect();
    write_csv_header(out)?;
    for finding in &report.findings {
        let step = finding
            .token
            .as_ref()
            .and_then(|t| plan_by_token.get(t.id.as_str()).copied());
        write_csv_row(out, finding, step)?;
    }
    Ok(())
}

/// The CSV header line (the streaming audit writes it first, then rows as found).
pub fn write_csv_header(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{CSV_HEADER}")
}

/// One CSV row: a finding and, when its token is to migrate, the migration step's suggestion.
pub fn write_csv_row(
    out: &mut dyn Write,
    finding: &Finding,
    step: Option<&MigrationStep>,
) -> io::Result<()> {
    let token = finding.token.as_ref();
    let text = |f: fn(&super::TokenRef) -> &str| token.map_or("", f);
    let time = |t: Option<super::Timestamp>| t.map(|t| t.to_iso8601()).unwrap_or_default();
    let cells = [
        finding.severity.as_str().to_string(),
        finding.kind.as_str().to_string(),
        text(|t| &t.id).to_string(),
        text(|t| &t.label).to_string(),
        text(|t| &t.owner_account_id).to_string(),
        text(|t| &t.owner_name).to_string(),
        text(|t| &t.owner_email).to_string(),
        time(token.and_then(|t| t.last_active_at)),
        time(token.and_then(|t| t.expires_at)),
        finding.detail.clone(),
        finding.action.clone(),
        step.map(|s| s.service_account_name.clone())
            .unwrap_or_default(),
        step.map(|s| s.scopes.join(" ")).unwrap_or_default(),
    ];
    let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    writeln!(out, "{}", line.join(","))
}

/// RFC 4180 quoting, plus a `'` before anything a spreadsheet would evaluate as a formula.
fn csv_cell(text: &str) -> String {
    let mut cell = clean(text);
    if cell.starts_with(['=', '+', '-', '@']) {
        cell.insert(0, '\'');
    }
    if cell.contains([',', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ') {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

fn render_markdown(report: &AuditReport, org_id: &str, out: &mut dyn Write) -> io::Result<()> {
    let md = |text: &str| clean(text).replace('|', "\\|");
    writeln!(out, "# Token Warden audit of org {}\n", md(org_id))?;
    writeln!(out, "{}\n", md(&summary_line(report, org_id)))?;
    writeln!(out, "Generated {}.\n", report.generated_at.to_iso8601())?;
    writeln!(out, "## Findings\n")?;
    writeln!(
        out,
        "| Severity | Finding | Owner | Token | Detail | Action |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for finding in &report.findings {
        let (owner, token) = owner_and_token(finding);
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            finding.severity,
            finding.kind,
            md(&owner),
            md(&token),
            md(&finding.detail),
            md(&finding.action)
        )?;
    }
    if !report.migration_plan.is_empty() {
        writeln!(out, "\n## Migration plan\n")?;
        writeln!(out, "| Token | Owner | Service account | Scopes |")?;
        writeln!(out, "|---|---|---|---|")?;
        for step in &report.migration_plan {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&format!("{} ({})", step.token.label, step.token.id)),
                md(&step.token.owner_email),
                md(&step.service_account_name),
                md(&describe_scopes(step))
            )?;
        }
    }
    if report.is_partial() {
        writeln!(out, "\n## Missing (the audit is partial)\n")?;
        for missing in &report.missing {
            writeln!(out, "- {}", md(missing))?;
        }
    }
    if !report.notes.is_empty() {
        writeln!(out, "\n## Notes\n")?;
        for note in &report.notes {
            writeln!(out, "- {}", md(note))?;
        }
    }
    Ok(())
}

fn render_table(report: &AuditReport, org_id: &str, out: &mut dyn Write) -> io::Result<()> {
    if report.findings.is_empty() {
        writeln!(out, "No findings.")?;
    } else {
        let rows: Vec<[String; 6]> = report
            .findings
            .iter()
            .map(|finding| {
                let (owner, token) = owner_and_token(finding);
                [
                    finding.severity.as_str().to_uppercase(),
                    finding.kind.as_str().to_string(),
                    owner,
                    token,
                    finding.detail.clone(),
                    finding.action.clone(),
                ]
            })
            .collect();
        write_columns(
            out,
            ["SEVERITY", "FINDING", "OWNER", "TOKEN", "DETAIL", "ACTION"],
            [8, 21, 36, 36, 90, 90],
            &rows,
        )?;
    }
    if !report.migration_plan.is_empty() {
        writeln!(
            out,
            "\nMigration plan (one service account per integration):"
        )?;
        let rows: Vec<[String; 4]> = report
            .migration_plan
            .iter()
            .map(|step| {
                [
                    format!("{} ({})", step.token.label, step.token.id),
                    step.token.owner_email.clone(),
                    step.service_account_name.clone(),
                    describe_scopes(step),
                ]
            })
            .collect();
        write_columns(
            out,
            ["TOKEN", "OWNER", "SERVICE ACCOUNT", "SCOPES"],
            [36, 36, 40, 100],
            &rows,
        )?;
    }
    for note in &report.notes {
        writeln!(out, "note: {}", clean(note))?;
    }
    for missing in &report.missing {
        writeln!(out, "MISSING: {}", clean(missing))?;
    }
    writeln!(out, "\n{}", summary_line(report, org_id))
}

fn write_columns<const N: usize>(
    out: &mut dyn Write,
    headers: [&str; N],
    max_widths: [usize; N],
    rows: &[[String; N]],
) -> io::Result<()> {
    let mut widths: [usize; N] = headers.map(|h| h.chars().count());
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count().min(max_widths[i]));
        }
    }
    let mut line = String::new();
    let mut write_row = |cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        line.clear();
        for (i, cell) in cells.enumerate() {
            let cell = truncate(&clean(cell), widths[i]);
            if i + 1 == N {
                line.push_str(&cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                line.push_str(&cell);
                line.extend(std::iter::repeat_n(' ', pad + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())
    };
    write_row(&mut headers.iter().copied())?;
    for row in rows {
        write_row(&mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Replaces control characters (including ESC, so no terminal escape sequences) with spaces.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn owner_and_token(finding: &Finding) -> (String, String) {
    match &finding.token {
        Some(token) => {
            let owner = if token.owner_email.is_empty() {
                token.owner_name.clone()
            } else {
                token.owner_email.clone()
            };
            (owner, format!("{} ({})", token.label, token.id))
        }
        None => ("(org)".to_string(), String::new()),
    }
}

fn describe_scopes(step: &MigrationStep) -> String {
    match &step.scope_source {
        ScopeSource::Token => format!("{} (from the token)", step.scopes.join(" ")),
        ScopeSource::Template { id } if step.scopes.is_empty() => {
            format!("template {id} (see `token-warden scopes templates --id {id}`)")
        }
        ScopeSource::Template { id } => format!("{} (template {id})", step.scopes.join(" ")),
        ScopeSource::ChooseTemplate => {
            "choose a template: `token-warden scopes templates`".to_string()
        }
    }
}

/// Parses `high`, `medium`, `low` or `info`.
pub fn parse_severity(text: &str) -> Option<Severity> {
    match text.to_ascii_lowercase().as_str() {
        "high" => Some(Severity::High),
        "medium" => Some(Severity::Medium),
        "low" => Some(Severity::Low),
        "info" => Some(Severity::Info),
        _ => None,
    }
}
