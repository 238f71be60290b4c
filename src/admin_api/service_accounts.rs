//! Creating a service account through Atlassian's **experimental** API
//! (`POST /admin/api-access/v1/orgs/{orgId}/service-accounts`): the request we would send (shown
//! in full, key redacted, for the dry run) and sending it.

use serde_json::json;

use super::client::AdminClient;
use super::decode;
use super::error::{AdminApiError, Endpoint};
use crate::audit::ServiceAccount;

/// A creation request, ready to print or send.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateServiceAccountRequest {
    pub url: String,
    pub path: String,
    pub body: serde_json::Value,
}

/// THE REQUEST BODY — the one place that knows its shape.
///
/// Atlassian documents this endpoint as experimental and describes it as creating a service
/// account "from a display name and an optional description", then inviting it "with the specified
/// permission rules and optional additional group memberships"; the exact field names are NOT
/// confirmed (reference/atlassian.md §3, confidence L). We send `displayName` (the field the
/// service-account listing returns) and `description`. If Atlassian's shape turns out different
/// (e.g. `name`, or required `permissionRules[{resource, role}]` / `additionalGroups[]` like the
/// invite API), change it here and only here.
pub fn create_request_body(name: &str, description: Option<&str>) -> serde_json::Value {
    let mut body = json!({ "displayName": name });
    if let Some(description) = description.filter(|d| !d.is_empty()) {
        body["description"] = json!(description);
    }
    body
}

/// Builds the request for `org_id` on `api_base` without sending it.
pub fn build_create_request(
    api_base: &str,
    org_id: &str,
    name: &str,
    description: Option<&str>,
) -> Result<CreateServiceAccountRequest, AdminApiError> {
    super::check_org_id(org_id)?;
    if name.trim().is_empty() {
        return Err(AdminApiError::BadInput {
            what: "--name must not be empty".to_string(),
        });
    }
    let (_, base) = super::client::split_base(api_base)?;
    let path = format!("/admin/api-access/v1/orgs/{org_id}/service-accounts");
    Ok(CreateServiceAccountRequest {
        url: format!("{base}{path}"),
        path,
        body: create_request_body(name.trim(), description.map(str::trim)),
    })
}

impl CreateServiceAccountRequest {
    /// The request as text, with the `Authorization` header redacted.
    pub fn describe(&self) -> String {
        let body =
            serde_json::to_string_pretty(&self.body).unwrap_or_else(|_| self.body.to_string());
        format!(
            "POST {}\nAuthorization: Bearer <redacted>\nAccept: application/json\nContent-Type: application/json\n\n{body}\n",
            self.url
        )
    }

    /// Sends it; returns the created service account.
    pub fn send(&self, client: &AdminClient) -> Result<ServiceAccount, AdminApiError> {
        let endpoint = Endpoint {
            what: "creating a service account (experimental API)",
            method: "POST",
            path: self.path.clone(),
        };
        // Sent once: a retried POST could create two accounts.
        let response = client.request_once(&endpoint, &self.url, &self.body)?;
        decode::decode_created_service_account(&response.body).map_err(|detail| {
            AdminApiError::MalformedJson {
                endpoint,
                detail: client.key().scrub(&detail),
            }
        })
    }
}
