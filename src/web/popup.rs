//! The toolbar popup: quick actions for the page the person is on, and the local record of what the
//! guard has seen. Rendered by Rust from the background's popup model.

use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use super::browser::{call_async, path, send_message, t, t_with, tell, template_name, to_js};
use super::dom::{self, El};
use crate::protocol::PageRequest;

/// Where a person manages their own API tokens (docs/reference/atlassian.md §1, confidence H).
const MY_TOKENS_URL: &str = "https://id.atlassian.com/manage-profile/security/api-tokens";

/// Entry point of popup.html.
#[wasm_bindgen]
pub async fn start_popup() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app"))?;
    let url = active_tab_url().await.unwrap_or_default();
    let reply = send_message(&to_js(&PageRequest::PopupModel { url })).await;
    let model: Value = reply
        .ok()
        .and_then(|r| super::browser::from_js(&r).ok())
        .unwrap_or(Value::Null);
    render_popup_into(&doc, &root, &model)
}

/// The active tab's id.
async fn active_tab_id() -> Option<u32> {
    let tab = active_tab().await?;
    js_sys::Reflect::get(&tab, &JsValue::from_str("id"))
        .ok()?
        .as_f64()
        .map(|id| id as u32)
}

/// The active tab of the current window.
async fn active_tab() -> Option<JsValue> {
    let tabs = path(&["tabs"])?;
    let query = to_js(&serde_json::json!({"active": true, "currentWindow": true}));
    let found = call_async(&tabs, "query", &[query]).await.ok()?;
    js_sys::Reflect::get(&found, &JsValue::from_f64(0.0))
        .ok()
        .filter(JsValue::is_object)
}

/// The active tab's URL (visible to us only on the two Atlassian hosts we have permission for).
async fn active_tab_url() -> Option<String> {
    js_sys::Reflect::get(&active_tab().await?, &JsValue::from_str("url"))
        .ok()?
        .as_string()
}

/// Renders the popup for a model (exported for the wasm tests; `Null` renders the plain actions).
pub fn render_popup_into(doc: &Document, root: &Element, model: &Value) -> Result<(), JsValue> {
    dom::clear(root);
    let main = El::new(doc, "main")?.attr("class", "tw-popup")?.build();
    main.append_child(&El::new(doc, "h1")?.text(&t("extName")).build())?;
    main.append_child(
        &El::new(doc, "p")?
            .attr("class", "tw-muted")?
            .text(&t("popupTagline"))
            .build(),
    )?;

    let page = model.get("page").and_then(Value::as_str);
    let orgs: Vec<&str> = model
        .get("orgs")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut links: Vec<(String, String)> = Vec::new();
    if page == Some("api_tokens") {
        main.append_child(
            &El::new(doc, "p")?
                .attr("class", "tw-context")?
                .text(&t("popupOnTokensPage"))
                .build(),
        )?;
        let open = El::new(doc, "button")?
            .attr("type", "button")?
            .attr("class", "tw-button tw-primary")?
            .text(&t("popupOpenGuard"))
            .build();
        let on_click = Closure::<dyn FnMut()>::new(move || {
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(tab) = active_tab_id().await {
                    let _ = tell(&PageRequest::OpenGuard { tab }).await;
                    if let Some(w) = web_sys::window() {
                        let _ = w.close();
                    }
                }
            });
        });
        open.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        on_click.forget();
        main.append_child(&open)?;
    }
    let here_org = model.get("org_id").and_then(Value::as_str);
    let single_org = match orgs.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    if let Some(org) = here_org.or(single_org) {
        links.push((
            format!("https://admin.atlassian.com/o/{org}/overview"),
            t("popupOpenAdmin"),
        ));
        let activity = crate::atlassian::admin::TOKEN_ACTIVITY_PATH_GUESS.replace("{org}", org);
        links.push((
            format!("https://admin.atlassian.com/{activity}"),
            t("popupOpenActivity"),
        ));
    }
    links.push((MY_TOKENS_URL.to_string(), t("popupOpenTokens")));
    let advisor_off = model
        .pointer("/settings/settings/disabledFeatures")
        .and_then(Value::as_array)
        .is_some_and(|f| f.iter().any(|v| v == "scope_advisor"));
    if !advisor_off {
        links.push(("advisor.html".to_string(), t("popupScopeAdvisor")));
    }
    links.push(("options.html".to_string(), t("popupSettings")));

    let nav = El::new(doc, "nav")?
        .attr("aria-label", &t("popupActions"))?
        .build();
    let list = El::new(doc, "ul")?.build();
    for (href, text) in &links {
        let link = El::new(doc, "a")?
            .attr("href", href)?
            .attr("target", "_blank")?
            .attr("rel", "noopener")?
            .text(text)
            .build();
        list.append_child(&El::new(doc, "li")?.child(&link)?.build())?;
    }
    nav.append_child(&list)?;
    main.append_child(&nav)?;

    if let Some(templates) = model
        .get("templates")
        .and_then(Value::as_array)
        .filter(|t| !t.is_empty())
    {
        let section = render_template_job(doc, templates)?;
        main.append_child(&section)?;
    }
    if let Some(q) = model.get("quota").and_then(Value::as_array) {
        let n = |i: usize| q.get(i).and_then(Value::as_u64).unwrap_or(0).to_string();
        main.append_child(
            &El::new(doc, "p")?
                .attr("class", "tw-quota")?
                .text(&t_with("popupQuota", &[&n(0), &n(1)]))
                .build(),
        )?;
        let warning = match model.get("quota_warning").and_then(Value::as_str) {
            Some("last_one") => Some(t_with("quotaLastOne", &[&n(1)])),
            Some("full") => Some(t_with("quotaFull", &[&n(1)])),
            _ => None,
        };
        if let Some(text) = warning {
            main.append_child(
                &El::new(doc, "p")?
                    .attr("class", "tw-warning")?
                    .text(&text)
                    .build(),
            )?;
        }
    }
    if let Some(record) = model.get("record") {
        let n = |k: &str| {
            record
                .get(k)
                .and_then(Value::as_u64)
                .unwrap_or(0)
                .to_string()
        };
        let section = El::new(doc, "section")?
            .attr("aria-labelledby", "tw-record-title")?
            .attr("class", "tw-record")?
            .build();
        section.append_child(
            &El::new(doc, "h2")?
                .attr("id", "tw-record-title")?
                .text(&t("recordTitle"))
                .build(),
        )?;
        let dl = El::new(doc, "dl")?.build();
        for (key, label) in [
            ("seen", "recordSeen"),
            ("serviceAccount", "recordServiceAccount"),
            ("askedAdmin", "recordAskedAdmin"),
            ("continuedPersonal", "recordContinued"),
            ("dismissed", "recordDismissed"),
            ("blocked", "recordBlocked"),
        ] {
            dl.append_child(&El::new(doc, "dt")?.text(&t(label)).build())?;
            dl.append_child(
                &El::new(doc, "dd")?
                    .attr("data-count", key)?
                    .text(&n(key))
                    .build(),
            )?;
        }
        section.append_child(&dl)?;
        let reasons: Vec<&str> = record
            .get("recent")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|e| e.get("reason").and_then(Value::as_str))
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if !reasons.is_empty() {
            section.append_child(&El::new(doc, "h3")?.text(&t("recordReasons")).build())?;
            let ul = El::new(doc, "ul")?.attr("class", "tw-reasons")?.build();
            for r in reasons.iter().take(5) {
                ul.append_child(&El::new(doc, "li")?.text(r).build())?;
            }
            section.append_child(&ul)?;
        }
        section.append_child(
            &El::new(doc, "p")?
                .attr("class", "tw-hint")?
                .text(&t("recordLocal"))
                .build(),
        )?;
        main.append_child(&section)?;
    }
    let issues = model
        .pointer("/settings/issues")
        .and_then(Value::as_array)
        .map(Vec::len)
        .unwrap_or(0);
    if issues > 0 {
        main.append_child(
            &El::new(doc, "p")?
                .attr("role", "alert")?
                .attr("class", "tw-issues")?
                .text(&t_with("popupPolicyIssues", &[&issues.to_string()]))
                .build(),
        )?;
    }
    main.append_child(
        &El::new(doc, "p")?
            .attr("class", "tw-version")?
            .text(&format!("Token Warden {}", crate::VERSION))
            .build(),
    )?;
    root.append_child(&main)?;
    Ok(())
}

/// "Create a service account with a template": a template picker and one button.
fn render_template_job(doc: &Document, templates: &[Value]) -> Result<Element, JsValue> {
    let section = El::new(doc, "section")?
        .attr("class", "tw-template-job")?
        .attr("aria-labelledby", "tw-template-title")?
        .build();
    section.append_child(
        &El::new(doc, "h2")?
            .attr("id", "tw-template-title")?
            .text(&t("popupTemplateTitle"))
            .build(),
    )?;
    let label = El::new(doc, "label")?
        .attr("for", "tw-template")?
        .text(&t("popupTemplateLabel"))
        .build();
    let select = El::new(doc, "select")?.attr("id", "tw-template")?.build();
    for tpl in templates {
        let id = tpl.get("id").and_then(Value::as_str).unwrap_or_default();
        let name = tpl.get("name").and_then(Value::as_str).unwrap_or_default();
        let text = template_name(id, name);
        select.append_child(
            &El::new(doc, "option")?
                .attr("value", id)?
                .text(&text)
                .build(),
        )?;
    }
    let kind_label = El::new(doc, "label")?
        .attr("for", "tw-credential")?
        .text(&t("popupCredentialLabel"))
        .build();
    let kind = El::new(doc, "select")?.attr("id", "tw-credential")?.build();
    for (value, key) in [
        ("service_account_token", "popupCredentialToken"),
        ("service_account_oauth", "popupCredentialOauth"),
    ] {
        kind.append_child(
            &El::new(doc, "option")?
                .attr("value", value)?
                .text(&t(key))
                .build(),
        )?;
    }
    let button = El::new(doc, "button")?
        .attr("type", "button")?
        .attr("class", "tw-button tw-primary")?
        .text(&t("popupTemplateCreate"))
        .build();
    let on_click = {
        let (select, kind) = (select.clone(), kind.clone());
        Closure::<dyn FnMut()>::new(move || {
            let value = |el: &Element| {
                el.dyn_ref::<web_sys::HtmlSelectElement>()
                    .map(|s| s.value())
                    .unwrap_or_default()
            };
            let request = PageRequest::PopupJob {
                template: value(&select),
                credential: serde_json::from_value(Value::String(value(&kind))).ok(),
            };
            wasm_bindgen_futures::spawn_local(async move {
                let _ = tell(&request).await;
            });
        })
    };
    button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    section.append_child(&label)?;
    section.append_child(&select)?;
    section.append_child(&kind_label)?;
    section.append_child(&kind)?;
    section.append_child(&button)?;
    Ok(section)
}
