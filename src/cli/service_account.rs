//! `token-warden service-account create`: creates a service account through Atlassian's
//! EXPERIMENTAL admin API. Dry run by default: prints the request it would send (key redacted);
//! `--yes` sends it. The request's shape lives in `crate::admin_api::service_accounts`.
//!
//! Exit codes: 0 printed (dry run) or created; 2 bad usage, bad input or an API error.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};

use crate::admin_api::service_accounts::build_create_request;
use crate::admin_api::{AdminClient, ApiKey, RetryPolicy, SystemClock, DEFAULT_API_BASE};

const EXPERIMENTAL: &str = "EXPERIMENTAL: Atlassian marks the service-account API as experimental \
and has not published the request body; this command may stop working or need changes.";

#[derive(Debug, Subcommand)]
pub enum ServiceAccountCommand {
    /// [EXPERIMENTAL API] Create a service account. Dry run unless --yes.
    #[command(
        after_help = "EXPERIMENTAL: uses Atlassian's experimental service-account API \
(POST /admin/api-access/v1/orgs/{orgId}/service-accounts), whose request body is not confirmed. \
Without --yes nothing is sent: the request is printed with the key redacted.

Exit codes: 0 ok; 2 bad usage, bad input or an API error.

Example:
  token-warden service-account create --org 1a2b3c --name jenkins-ci --description \"Jenkins deploys; owner: platform team\""
    )]
    Create(CreateArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The org id (the id after /o/ in admin.atlassian.com URLs).
    #[arg(long, value_name = "ORG_ID")]
    pub org: String,
    /// The service account's display name.
    #[arg(long)]
    pub name: String,
    /// What it is for and who owns it.
    #[arg(long)]
    pub description: Option<String>,
    /// Send the request (without it, only print it).
    #[arg(long)]
    pub yes: bool,
    /// Read the admin API key from this file instead of ATLASSIAN_ADMIN_API_KEY.
    #[arg(long, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,
    /// The admin API server.
    #[arg(long, value_name = "URL", default_value = DEFAULT_API_BASE)]
    pub api_base: String,
}

/// Runs `token-warden service-account …`.
pub fn run(command: ServiceAccountCommand) -> ExitCode {
    match command {
        ServiceAccountCommand::Create(args) => create(args),
    }
}

fn create(args: CreateArgs) -> ExitCode {
    eprintln!("{EXPERIMENTAL}");
    let request = match build_create_request(
        &args.api_base,
        &args.org,
        &args.name,
        args.description.as_deref(),
    ) {
        Ok(request) => request,
        Err(err) => return fail(&err.to_string()),
    };
    if !args.yes {
        println!("Dry run (experimental API): this request would be sent. Add --yes to send it.\n");
        print!("{}", request.describe());
        if ApiKey::load(args.api_key_file.as_deref()).is_err() {
            println!(
                "\n(No API key found: --yes needs ATLASSIAN_ADMIN_API_KEY or --api-key-file.)"
            );
        }
        return ExitCode::SUCCESS;
    }
    let key = match ApiKey::load(args.api_key_file.as_deref()) {
        Ok(key) => key,
        Err(err) => return fail(&err.to_string()),
    };
    let client = match AdminClient::new(
        &args.api_base,
        key,
        Arc::new(SystemClock),
        RetryPolicy::default(),
    ) {
        Ok(client) => client,
        Err(err) => return fail(&err.to_string()),
    };
    match request.send(&client) {
        Ok(account) => {
            println!(
                "Created service account {:?} (id {}, email {}) through the experimental API.",
                account.display_name, account.id, account.email
            );
            println!("Next: give it product roles and create its credentials in admin.atlassian.com → Directory → Service accounts.");
            ExitCode::SUCCESS
        }
        Err(err) => fail(&client.key().scrub(&err.to_string())),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("token-warden service-account: error: {message}");
    ExitCode::from(2)
}
