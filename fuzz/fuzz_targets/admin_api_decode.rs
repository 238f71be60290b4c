//! Fuzzes the decoding of admin-API response bodies (api-tokens, org-users and service-accounts
//! pages, the token count, error bodies, a created service account), then audits and renders
//! whatever decoded: no input may panic anywhere on that path.

#![no_main]

use libfuzzer_sys::fuzz_target;
use token_warden::admin_api::decode;
use token_warden::audit::{self, report, AuditOptions, Listings, Timestamp};

fuzz_target!(|body: &[u8]| {
    let tokens = decode::decode_token_page(body);
    let users = decode::decode_user_page(body);
    let accounts = decode::decode_service_account_page(body);
    let _ = decode::decode_count(body);
    let _ = decode::decode_error_body(body);
    let _ = decode::decode_created_service_account(body);

    let listings = Listings {
        tokens: tokens.map(|page| page.items).unwrap_or_default(),
        users: users.ok().map(|page| page.items),
        service_account_total: accounts.as_ref().ok().and_then(|page| page.total),
        service_accounts: accounts.ok().map(|page| page.items),
        notes: Vec::new(),
    };
    // A fixed "now": 2025-06-01T00:00:00Z.
    let result = audit::audit(
        &listings,
        Timestamp(1_748_736_000_000),
        &AuditOptions::default(),
    );
    for format in [
        report::Format::Table,
        report::Format::Json,
        report::Format::Csv,
        report::Format::Markdown,
    ] {
        let _ = report::render(&result, "fuzz-org", format, &mut std::io::sink());
    }
});
