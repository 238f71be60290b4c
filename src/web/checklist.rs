//! The hand-off checklist beside admin.atlassian.com: the values to create the service account and
//! its credential with (each with a copy button), the steps and where the drive stands, the quota
//! warning, "what the extension did", and after creation what to do with the secret Atlassian shows
//! (which the extension never touches). It is also how an admin finishes by hand when the drive stops.
//!
//! Also the consent: what a hand-off will create (name, description with owner and purpose, app role
//! as the page shows it, credential kind, scopes with one line of reason each, expiry) above its one
//! button, in the guard's panel and in the consent view an in-page link opens (`view=offer`). That view
//! learns its offer only by a message from our content script, never from its URL, and the core shows
//! an offer once, so a page that frames it gets nothing to click.

use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use super::browser::{copy_to_clipboard, from_js, send_message, t, t_with, tell, to_js};
use super::dom::{self, El};
use crate::handoff::ConsentModel;
use crate::protocol::PageRequest;

/// How often the checklist refreshes while the drive runs.
const REFRESH_MS: i32 = 1000;

/// Entry point of `panel.html?view=checklist&job=…` (panel.js loads this module for that view: the
/// checklist reads hand-off jobs, which the guard's small panel module has no need for).
#[cfg(feature = "web-pages")]
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

/// What a credential kind is called in the consent.
fn credential_text(kind: crate::atlassian::limits::CredentialKind) -> String {
    use crate::atlassian::limits::CredentialKind as K;
    t(match kind {
        K::ServiceAccountOauth => "consentCredentialOauth",
        K::BitbucketToken => "consentCredentialBitbucket",
        K::ScopedPersonalToken => "consentCredentialPersonal",
        K::ServiceAccountToken => "consentCredentialToken",
    })
}

/// The consent block: everything the drive will create. The name is in `#tw-consent-name`, which the
/// panel updates as the person types.
pub fn render_consent(doc: &Document, model: &ConsentModel) -> Result<Element, JsValue> {
    let section = El::new(doc, "section")?
        .attr("class", "tw-consent")?
        .attr("aria-labelledby", "tw-consent-title")?
        .build();
    section.append_child(
        &El::new(doc, "h2")?
            .attr("id", "tw-consent-title")?
            .text(&t("consentTitle"))
            .build(),
    )?;
    let dl = El::new(doc, "dl")?.attr("class", "tw-values")?.build();
    let row = |label: &str, value: &str, id: Option<&str>| -> Result<(), JsValue> {
        dl.append_child(&El::new(doc, "dt")?.text(label).build())?;
        let mut code = El::new(doc, "code")?.text(value);
        if let Some(id) = id {
            code = code.attr("id", id)?;
        }
        dl.append_child(&El::new(doc, "dd")?.child(&code.build())?.build())?;
        Ok(())
    };
    row(&t("valueName"), &model.name, Some("tw-consent-name"))?;
    row(&t("valueDescription"), &model.description, None)?;
    row(&t("valueRole"), &model.role_label, None)?;
    row(
        &t("consentCredential"),
        &credential_text(model.credential),
        None,
    )?;
    row(
        &t("valueExpiry"),
        &t_with(
            "consentExpiry",
            &[&model.expiry, &model.expiry_days.to_string()],
        ),
        None,
    )?;
    section.append_child(&dl)?;
    let list = El::new(doc, "ul")?.attr("class", "tw-scopes")?.build();
    for line in &model.scopes {
        let reason = if line.reason.is_empty() {
            t("consentScopeFromToken")
        } else {
            line.reason.clone()
        };
        list.append_child(
            &El::new(doc, "li")?
                .child(&El::new(doc, "code")?.text(&line.scope).build())?
                .child(
                    &El::new(doc, "span")?
                        .attr("class", "tw-hint")?
                        .text(&format!(" — {reason}"))
                        .build(),
                )?
                .build(),
        )?;
    }
    section.append_child(&list)?;
    section.append_child(
        &El::new(doc, "p")?
            .attr("class", "tw-hint")?
            .text(&t(if model.press_final {
                "consentPressFinal"
            } else {
                "consentOwnClick"
            }))
            .build(),
    )?;
    Ok(section)
}

/// Tells the frame's parent (our content script listens for messages from this frame only).
fn tell_parent(what: &str) {
    if let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) {
        let _ = parent.post_message(&JsValue::from_str(what), "*");
    }
}

/// Waits (up to 5 s) for our content script's message `{<field>: value}`, after saying `tw-ready`.
pub async fn receive(field: &'static str) -> Option<String> {
    let window = web_sys::window()?;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let timeout = resolve.clone();
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let data = js_sys::Reflect::get(&event, &JsValue::from_str("data")).unwrap_or_default();
            if let Some(id) = js_sys::Reflect::get(&data, &JsValue::from_str(field))
                .ok()
                .and_then(|v| v.as_string())
            {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&id));
            }
        });
        let _ =
            window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        on_message.forget();
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&timeout, 5000);
    });
    tell_parent("tw-ready");
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_string()
}

/// Entry point of `panel.html?view=offer` (an in-page link's consent view; panel.js loads this module
/// for it).
#[cfg(feature = "web-pages")]
#[wasm_bindgen]
pub async fn start_offer_page() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app"))?;
    start_offer(doc, root).await
}

/// The one reply the consent view reads (`PageReply::Consent`), read on its own: see `browser::tell`.
#[derive(serde::Deserialize)]
struct ConsentReply {
    #[serde(default)]
    ok: bool,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    model: Option<Box<ConsentModel>>,
}

/// The consent view an in-page link opens: the offer's values and one button.
pub async fn start_offer(doc: Document, root: Element) -> Result<(), JsValue> {
    if let Some(body) = doc.body() {
        body.set_attribute("class", "tw-checklist-page")?;
    }
    let model = match receive("twOffer").await {
        Some(offer) => send_message(&to_js(&PageRequest::OfferModel { offer }))
            .await
            .ok()
            .and_then(|reply| from_js::<ConsentReply>(&reply).ok())
            .filter(|r| r.ok && r.kind == "consent")
            .and_then(|r| r.model),
        None => None,
    };
    dom::clear(&root);
    let main = El::new(&doc, "section")?
        .attr("class", "tw-checklist")?
        .attr("role", "dialog")?
        .attr("aria-labelledby", "tw-title")?
        .build();
    main.append_child(
        &El::new(&doc, "h1")?
            .attr("id", "tw-title")?
            .text(&t("consentViewTitle"))
            .build(),
    )?;
    let close = El::new(&doc, "button")?
        .attr("type", "button")?
        .attr("class", "tw-button tw-quiet")?
        .text(&t("choiceNotNow"))
        .build();
    let Some(model) = model else {
        // No offer for this frame (a page framed it, or it was shown already): nothing to click
        // but closing.
        main.append_child(&El::new(&doc, "p")?.text(&t("checklistGone")).build())?;
        on_click(&close, || tell_parent("tw-close"))?;
        main.append_child(&close)?;
        root.append_child(&main)?;
        return Ok(());
    };
    if let Some(token) = &model.replaces_token {
        main.append_child(
            &El::new(&doc, "p")?
                .text(&t_with("consentReplaces", &[token]))
                .build(),
        )?;
    }
    let consent = render_consent(&doc, &model)?;
    main.append_child(&consent)?;
    let create = El::new(&doc, "button")?
        .attr("type", "button")?
        .attr("class", "tw-button tw-primary")?
        .attr("data-action", "consent")?
        .text(&t("consentCreate"))
        .build();
    let offer = model.id.clone();
    {
        let (offer, create_el) = (offer.clone(), create.clone());
        on_click(&create, move || {
            let _ = create_el.set_attribute("disabled", "");
            let request = PageRequest::OfferAccept {
                offer: offer.clone(),
            };
            wasm_bindgen_futures::spawn_local(async move {
                let _ = tell(&request).await;
                tell_parent("tw-close");
            });
        })?;
    }
    on_click(&close, move || {
        let request = PageRequest::OfferDecline {
            offer: offer.clone(),
        };
        wasm_bindgen_futures::spawn_local(async move {
            let _ = tell(&request).await;
            tell_parent("tw-close");
        });
    })?;
    main.append_child(
        &El::new(&doc, "div")?
            .attr("class", "tw-actions")?
            .child(&create)?
            .child(&close)?
            .build(),
    )?;
    root.append_child(&main)?;
    dom::focus(&create);
    Ok(())
}

fn on_click(el: &Element, f: impl FnMut() + 'static) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut()>::new(f);
    el.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}

/// The `org` of this frame's URL (our content script sets it; the core accepts only an org the admin
/// administers).
fn page_org() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("org")
        .filter(|o| !o.is_empty())
}

pub(super) async fn sleep(ms: i32) {
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
    // The job has no org and the admin administers several: this page's org is offered, by a click.
    let offered_org = org_unknown.then(page_org).flatten();
    let status = match (done, stopped.as_deref()) {
        (true, _) => t("checklistStatusDone"),
        (_, Some(reason)) => t_with("checklistStatusStopped", &[reason]),
        _ if offered_org.is_some() => t_with(
            "checklistStatusPickOrg",
            &[offered_org.as_deref().unwrap_or_default()],
        ),
        _ if org_unknown => t("checklistStatusNoOrg"),
        _ if model["press_final"].as_bool().unwrap_or(false) => t("checklistStatusDrivingAll"),
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

    if let (Some(org), false) = (&offered_org, done) {
        let use_org = El::new(doc, "button")?
            .attr("type", "button")?
            .attr("class", "tw-button tw-primary")?
            .attr("data-action", "use_org")?
            .text(&t_with("checklistUseOrg", &[org]))
            .build();
        let request = PageRequest::HandoffUseOrg {
            job: job_id.to_string(),
            org: org.clone(),
        };
        on_click(&use_org, move || {
            let request = request.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = tell(&request).await;
            });
        })?;
        main.append_child(&use_org)?;
    }

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
                let _ = tell(&request).await;
            });
        })
    };
    cancel.add_event_listener_with_callback("click", on_cancel.as_ref().unchecked_ref())?;
    on_cancel.forget();
    main.append_child(&cancel)?;
    root.append_child(&main)?;
    Ok(())
}
