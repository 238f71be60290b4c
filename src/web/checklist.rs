//! The hand-off checklist beside admin.atlassian.com: the values to create the service account and
//! its credential with (each with a copy button), the steps and where the drive stands, the quota
//! warning, "what the extension did", and after creation what to do with the secret Atlassian shows
//! (which the extension never touches). It is also how an admin finishes by hand when the drive stops.

use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use super::browser::{ask, copy_to_clipboard, send_message, t, t_with, to_js};
use super::dom::{self, El};
use crate::protocol::PageRequest;

/// How often the checklist refreshes while the drive runs.
const REFRESH_MS: i32 = 1000;

/// Entry point of `panel.html?view=checklist&job=…` (panel.js loads this module for that view: the
/// checklist reads hand-off jobs, which the guard's small panel module has no need for).
#[wasm_bindgen]
pub async fn start_checklist_page() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app"))?;
    let search = web_sys::window()
        .map(|w| w.location().search().unwrap_or_default())
        .unwrap_or_default();
    let job = web_sys::UrlSearchParams::new_with_str(&search)?
        .get("job")
        .unwrap_or_default();
    start_checklist(doc, root, job).await
}

/// Renders the checklist for `job` and keeps it current.
pub async fn start_checklist(doc: Document, root: Element, job: String) -> Result<(), JsValue> {
    if let Some(body) = doc.body() {
        body.set_attribute("class", "tw-checklist-page")?;
    }
    let mut last = String::new();
    loop {
        let reply = send_message(&to_js(&PageRequest::HandoffModel {
            job: job.to_string(),
        }))
        .await;
        let model: Value = reply
            .ok()
            .and_then(|r| super::browser::from_js(&r).ok())
            .unwrap_or(Value::Null);
        let Some(model) = model.get("model").cloned() else {
            dom::clear(&root);
            root.append_child(&El::new(&doc, "p")?.text(&t("checklistGone")).build())?;
            return Ok(());
        };
        let key = model.to_string();
        if key != last {
            render(&doc, &root, &model, &job)?;
            last = key;
        }
        sleep(REFRESH_MS).await;
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn s<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// A drive note (`handoff::DriveNote` as JSON) in the reader's language: `drive_<code>` with the
/// name ($1), the thing looked for ($2, `drive_what_<what>`), the counts ($3, $4) and the wanted scopes ($5).
fn note_text(note: &Value) -> String {
    let code = note["code"].as_str().unwrap_or("unknown");
    let what = match note["what"].as_str() {
        Some(w) if w != "none" => t(&format!("drive_what_{w}")),
        _ => String::new(),
    };
    let (count, unticked) = (note["count"].to_string(), note["unticked"].to_string());
    let text = t_with(
        &format!("drive_{code}"),
        &[
            s(note, "/name"),
            &what,
            &count,
            &unticked,
            s(note, "/wanted"),
        ],
    );
    if text.is_empty() {
        t("drive_unknown")
    } else {
        text
    }
}

fn render(doc: &Document, root: &Element, model: &Value, job_id: &str) -> Result<(), JsValue> {
    dom::clear(root);
    let progress = &model["progress"];
    let done = progress["done"].as_bool().unwrap_or(false);
    let stopped = progress
        .get("stopped")
        .filter(|v| !v.is_null())
        .map(note_text);
    let main = El::new(doc, "section")?
        .attr("class", "tw-checklist")?
        .attr("aria-labelledby", "tw-title")?
        .build();
    main.append_child(
        &El::new(doc, "h1")?
            .attr("id", "tw-title")?
            .text(&t(if done {
                "checklistDoneTitle"
            } else {
                "checklistTitle"
            }))
            .build(),
    )?;

    // Without an org in the URL nothing can be driven: say so (never "fills in each step").
    let org_unknown = model.pointer("/job/orgId").is_none_or(Value::is_null);
    let status = match (done, stopped.as_deref()) {
        (true, _) => t("checklistStatusDone"),
        (_, Some(reason)) => t_with("checklistStatusStopped", &[reason]),
        _ if org_unknown => t("checklistStatusNoOrg"),
        _ => t("checklistStatusDriving"),
    };
    let status_class = if (stopped.is_some() || org_unknown) && !done {
        "tw-status tw-warning"
    } else {
        "tw-status"
    };
    main.append_child(
        &El::new(doc, "p")?
            .attr("role", "status")?
            .attr("class", status_class)?
            .text(&status)
            .build(),
    )?;

    let limit = model["limit"].to_string();
    let warning = match model["quota_warning"].as_str() {
        Some("last_one") => Some(t_with("quotaLastOne", &[&limit])),
        Some("full") => Some(t_with("quotaFull", &[&limit])),
        _ => None,
    };
    if let Some(text) = warning {
        main.append_child(
            &El::new(doc, "p")?
                .attr("class", "tw-warning")?
                .attr("role", "alert")?
                .text(&text)
                .build(),
        )?;
    }

    if done {
        let list = El::new(doc, "ol")?.attr("class", "tw-after")?.build();
        let product = if s(model, "/role").starts_with("confluence") {
            "confluence"
        } else {
            "jira"
        };
        let email = format!("{}@serviceaccount.atlassian.com", s(model, "/job/name"));
        for text in [
            t("afterCopySecret"),
            t_with(
                "afterBaseUrl",
                &[
                    &format!("https://api.atlassian.com/ex/{product}/{{cloudId}}"),
                    &email,
                ],
            ),
            if s(model, "/job/replacesToken").is_empty() {
                t("afterRevokeAny")
            } else {
                t_with("afterRevoke", &[s(model, "/job/replacesToken")])
            },
        ] {
            list.append_child(&El::new(doc, "li")?.text(&text).build())?;
        }
        main.append_child(&list)?;
    }

    // The values, each with a copy button: enough to finish by hand at any point.
    main.append_child(&El::new(doc, "h2")?.text(&t("checklistValues")).build())?;
    let dl = El::new(doc, "dl")?.attr("class", "tw-values")?.build();
    let mut values: Vec<(String, String)> = vec![
        (t("valueName"), s(model, "/job/name").to_string()),
        (
            t("valueDescription"),
            s(model, "/job/description").to_string(),
        ),
        (t("valueRole"), s(model, "/role_label").to_string()),
        (t("valueExpiry"), s(model, "/expiry").to_string()),
    ];
    for scope in model
        .pointer("/job/scopes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        values.push((
            t("valueScope"),
            scope.as_str().unwrap_or_default().to_string(),
        ));
    }
    for (label, value) in values {
        dl.append_child(&El::new(doc, "dt")?.text(&label).build())?;
        let copy = El::new(doc, "button")?
            .attr("type", "button")?
            .attr("class", "tw-button tw-quiet tw-copy")?
            .attr("aria-label", &t_with("copyValue", &[&value]))?
            .text(&t("copy"))
            .build();
        let on_click = {
            let value = value.clone();
            Closure::<dyn FnMut()>::new(move || {
                let value = value.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = copy_to_clipboard(&value).await;
                });
            })
        };
        copy.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        on_click.forget();
        let dd = El::new(doc, "dd")?
            .child(&El::new(doc, "code")?.text(&value).build())?
            .child(&copy)?
            .build();
        dl.append_child(&dd)?;
    }
    main.append_child(&dl)?;

    // The steps and where the drive stands.
    main.append_child(&El::new(doc, "h2")?.text(&t("checklistSteps")).build())?;
    let steps = El::new(doc, "ol")?.attr("class", "tw-steps")?.build();
    let current = progress["stage"].as_u64().unwrap_or(0) as usize;
    for (i, id) in model["stage_ids"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let state = if done || i < current {
            "done"
        } else if i == current {
            "current"
        } else {
            "todo"
        };
        let key = format!("step_{}", id.as_str().unwrap_or_default());
        let item = El::new(doc, "li")?
            .attr("data-state", state)?
            .text(&t(&key))
            .build();
        if state == "current" {
            item.set_attribute("aria-current", "step")?;
        }
        steps.append_child(&item)?;
    }
    main.append_child(&steps)?;

    // What the extension did.
    let details = El::new(doc, "details")?.build();
    details.append_child(&El::new(doc, "summary")?.text(&t("checklistLog")).build())?;
    let log = El::new(doc, "ul")?.attr("class", "tw-log")?.build();
    for line in progress["log"].as_array().into_iter().flatten() {
        log.append_child(&El::new(doc, "li")?.text(&note_text(line)).build())?;
    }
    details.append_child(&log)?;
    main.append_child(&details)?;

    let cancel = El::new(doc, "button")?
        .attr("type", "button")?
        .attr("class", "tw-button tw-secondary")?
        .attr("data-action", "cancel")?
        .text(&t(if done {
            "checklistClose"
        } else {
            "checklistCancel"
        }))
        .build();
    let on_cancel = {
        let job = job_id.to_string();
        Closure::<dyn FnMut()>::new(move || {
            let request = PageRequest::HandoffCancel { job: job.clone() };
            wasm_bindgen_futures::spawn_local(async move {
                let _ = ask(&request).await;
            });
        })
    };
    cancel.add_event_listener_with_callback("click", on_cancel.as_ref().unchecked_ref())?;
    on_cancel.forget();
    main.append_child(&cancel)?;
    root.append_child(&main)?;
    Ok(())
}
