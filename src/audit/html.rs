//! The self-contained HTML report (`token-warden audit --format html`): one file an admin can
//! attach to a ticket. No external assets and no scripts: a Content-Security-Policy of
//! `default-src 'none'` (inline styles only), charts drawn as inline SVG from the summary's
//! counters (token age, last use, findings by kind), and every text that came from the API
//! escaped (labels, names and e-mails are untrusted: a token label can be `<script>`).
//!
//! Memory stays flat: the charts need only counters, and the streamed report
//! ([`HtmlStream`], native) keeps the findings and migration rows in temporary files until the
//! end, since the summary and charts come first in the document.

use std::io::{self, Write};

use super::{AuditOptions, Bucket, Finding, MigrationStep, Summary, Timestamp};

/// Escapes text for HTML element content and quoted attributes; control characters become
/// spaces (as in the other formats).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;\
margin:24px;color:#172b4d;background:#fff}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;\
margin:28px 0 8px}.meta{color:#5e6c84;margin:0 0 16px}.cards{display:flex;flex-wrap:wrap;gap:12px}\
.card{border:1px solid #dfe1e6;border-radius:6px;padding:10px 14px;min-width:120px}.card b{display:\
block;font-size:22px}.charts{display:flex;flex-wrap:wrap;gap:24px}.chart{border:1px solid #dfe1e6;\
border-radius:6px;padding:10px}.chart h3{font-size:14px;margin:0 0 6px}table{border-collapse:\
collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #ebecf0;padding:5px 6px;\
text-align:left;vertical-align:top}th{background:#f4f5f7}.sev{font-weight:600;text-transform:\
uppercase;font-size:11px;padding:2px 6px;border-radius:3px;color:#fff}.high{background:#de350b}\
.medium{background:#ff8b00}.low{background:#0065ff}.info{background:#6b778c}.missing{border:2px \
solid #de350b;border-radius:6px;padding:8px 14px;background:#ffebe6}.notes li{margin:4px 0}\
code{font-size:12px}";

/// One horizontal bar chart as inline SVG.
fn bar_chart(out: &mut dyn Write, title: &str, buckets: &[Bucket], color: &str) -> io::Result<()> {
    const ROW: usize = 24;
    const LABEL: usize = 240;
    const BAR: usize = 260;
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let height = ROW * buckets.len().max(1) + 8;
    let width = LABEL + BAR + 80;
    write!(
        out,
        "<div class=\"chart\"><h3>{}</h3><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" \
         height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        escape(title),
        escape(title)
    )?;
    for (i, bucket) in buckets.iter().enumerate() {
        let y = i * ROW + 4;
        // Proportional bars; a non-zero count gets at least a sliver so it is seen.
        let bar = if bucket.count == 0 {
            0
        } else {
            ((bucket.count as f64 / max as f64) * BAR as f64)
                .round()
                .max(2.0) as usize
        };
        write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"#42526e\">{}</text>\
             <rect x=\"{}\" y=\"{y}\" width=\"{bar}\" height=\"{}\" rx=\"2\" fill=\"{color}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#172b4d\">{}</text>",
            LABEL - 8,
            y + 14,
            escape(bucket.label),
            LABEL,
            ROW - 8,
            LABEL + bar + 6,
            y + 14,
            bucket.count
        )?;
    }
    out.write_all(b"</svg></div>")
}

/// Everything before the findings rows: head, summary cards, charts, missing, notes, and the
/// findings table's head.
pub fn write_head(
    out: &mut dyn Write,
    org_id: &str,
    generated_at: Timestamp,
    options: &AuditOptions,
    summary: &Summary,
    notes: &[String],
    missing: &[String],
) -> io::Result<()> {
    let org = escape(org_id);
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>Token Warden audit of org {org}</title><style>{STYLE}</style></head><body>\n\
         <h1>Token Warden audit of org {org}</h1><p class=\"meta\">Generated {} &middot; in use = used \
         within {} days &middot; stale = unused for {} days &middot; expiry warning {} days</p>\n",
        escape(&generated_at.to_iso8601()),
        options.active_days,
        options.stale_days,
        options.expiry_warning_days,
    )?;
    if !missing.is_empty() {
        out.write_all(
            b"<div class=\"missing\"><b>PARTIAL AUDIT: not everything could be read. \
              Do not read this report as clean.</b><ul>",
        )?;
        for line in missing {
            write!(out, "<li>{}</li>", escape(line))?;
        }
        out.write_all(b"</ul></div>\n")?;
    }
    let users = summary
        .users
        .map_or("not read".to_string(), |n| n.to_string());
    let accounts = summary
        .service_accounts
        .map_or("not read".to_string(), |n| {
            format!("{n} / {}", summary.service_account_limit)
        });
    out.write_all(b"<div class=\"cards\">")?;
    for (label, value) in [
        ("tokens", summary.tokens.to_string()),
        ("working", summary.working_tokens.to_string()),
        ("blocked", summary.blocked_tokens.to_string()),
        ("expired", summary.expired_tokens.to_string()),
        ("users", users),
        ("service accounts", accounts),
        ("high", summary.high.to_string()),
        ("medium", summary.medium.to_string()),
        ("low", summary.low.to_string()),
        ("to migrate", summary.migrations.to_string()),
    ] {
        write!(
            out,
            "<div class=\"card\"><b>{}</b>{}</div>",
            escape(&value),
            escape(label)
        )?;
    }
    out.write_all(b"</div>\n<h2>Charts</h2><div class=\"charts\">")?;
    bar_chart(
        out,
        "Token age (since created)",
        &summary.token_age,
        "#0065ff",
    )?;
    bar_chart(out, "Last use", &summary.last_use, "#00875a")?;
    bar_chart(
        out,
        "Findings by kind",
        &summary.findings_by_kind,
        "#ff8b00",
    )?;
    out.write_all(b"</div>\n")?;
    if !notes.is_empty() {
        out.write_all(b"<h2>Notes</h2><ul class=\"notes\">")?;
        for note in notes {
            write!(out, "<li>{}</li>", escape(note))?;
        }
        out.write_all(b"</ul>\n")?;
    }
    out.write_all(
        b"<h2>Findings</h2><table><thead><tr><th>Severity</th><th>Finding</th><th>Owner</th>\
          <th>Token</th><th>Last used</th><th>Expires</th><th>Detail</th><th>Action</th></tr>\
          </thead><tbody>\n",
    )
}

/// One findings row (one line).
pub fn finding_row(finding: &Finding) -> String {
    let date = |t: Option<Timestamp>| t.map(|t| t.date()).unwrap_or_default();
    let (owner, token, used, expires) = match &finding.token {
        Some(t) => (
            if t.owner_email.is_empty() {
                t.owner_name.clone()
            } else {
                format!("{} <{}>", t.owner_name, t.owner_email)
            },
            format!("{} ({}, {})", t.label, t.id, t.token_type),
            date(t.last_active_at),
            date(t.expires_at),
        ),
        None => (
            "(org)".to_string(),
            String::new(),
            String::new(),
            String::new(),
        ),
    };
    let severity = finding.severity.as_str();
    format!(
        "<tr><td><span class=\"sev {severity}\">{severity}</span></td><td>{}</td><td>{}</td>\
         <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        escape(finding.kind.as_str()),
        escape(&owner),
        escape(&token),
        escape(&used),
        escape(&expires),
        escape(&finding.detail),
        escape(&finding.action)
    )
}

/// Closes the findings table and opens the migration plan's.
pub fn write_plan_head(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(
        b"</tbody></table>\n<h2>Migration plan</h2><table><thead><tr><th>Token</th><th>Owner</th>\
          <th>Service account</th><th>Template</th><th>Scopes</th></tr></thead><tbody>\n",
    )
}

/// One migration-plan row (one line).
pub fn step_row(step: &MigrationStep) -> String {
    let template = match &step.scope_source {
        super::ScopeSource::Template { id } => id.clone(),
        super::ScopeSource::Token => "(the token's own scopes)".to_string(),
        super::ScopeSource::ChooseTemplate => "(choose one)".to_string(),
    };
    format!(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
        escape(&format!("{} ({})", step.token.label, step.token.id)),
        escape(&step.token.owner_email),
        escape(&step.service_account_name),
        escape(&template),
        escape(&step.scopes.join(" "))
    )
}

/// Closes the document.
pub fn write_tail(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(
        b"</tbody></table>\n<p class=\"meta\">Written by token-warden audit. Token values are never \
          read: the API does not return them.</p></body></html>\n",
    )
}

/// The HTML report written as it is found: rows wait in temporary files (`0600`, removed
/// afterwards) while the counters for the summary and charts fill up.
#[cfg(not(target_arch = "wasm32"))]
pub struct HtmlStream<'w> {
    out: &'w mut dyn Write,
    org_id: String,
    generated_at: Timestamp,
    options: AuditOptions,
    findings: super::spool::LineSpool,
    plan: super::spool::LineSpool,
}

#[cfg(not(target_arch = "wasm32"))]
impl<'w> HtmlStream<'w> {
    pub fn begin(
        out: &'w mut dyn Write,
        org_id: &str,
        generated_at: Timestamp,
        options: &AuditOptions,
    ) -> io::Result<HtmlStream<'w>> {
        Ok(HtmlStream {
            out,
            org_id: org_id.to_string(),
            generated_at,
            options: *options,
            findings: super::spool::LineSpool::new()?,
            plan: super::spool::LineSpool::new()?,
        })
    }

    pub fn finding(&mut self, finding: &Finding) -> io::Result<()> {
        self.findings.push_line(&finding_row(finding))
    }

    pub fn step(&mut self, step: &MigrationStep) -> io::Result<()> {
        self.plan.push_line(&step_row(step))
    }

    /// Writes the whole document.
    pub fn end(
        mut self,
        summary: &Summary,
        notes: &[String],
        missing: &[String],
    ) -> io::Result<()> {
        write_head(
            self.out,
            &self.org_id,
            self.generated_at,
            &self.options,
            summary,
            notes,
            missing,
        )?;
        self.findings.copy_to(self.out, b"\n")?;
        write_plan_head(self.out)?;
        self.plan.copy_to(self.out, b"\n")?;
        write_tail(self.out)
    }
}
