//! The options page: the person's settings, with every setting that enterprise policy sets shown as
//! locked ("set by your organization") and every policy value that was rejected listed with why;
//! below them, what Token Warden expected on Atlassian's pages and did not recognise (from the core).

use std::rc::Rc;

use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement};

use super::browser::{from_js, send_message, storage_get, storage_set, t, t_with, to_js};
use super::dom::{self, El};
use super::settings::{effective_settings, SETTINGS_KEY};
use crate::insights::TableNotice;
use crate::policy::Effective;
use crate::protocol::PageRequest;

/// The settings the page edits: storage key, label key, and the kind of control.
const FIELDS: &[(&str, &str, Control)] = &[
    (
        "guardMode",
        "optionsGuardMode",
        Control::Select(&[
            ("off", "modeOff"),
            ("inform", "modeInform"),
            ("warn", "modeWarn"),
            ("require_reason", "modeRequireReason"),
            ("block", "modeBlock"),
        ]),
    ),
    (
        "adminContact",
        "optionsAdminContact",
        Control::Text("email"),
    ),
    (
        "requestUrlTemplate",
        "optionsRequestUrl",
        Control::Text("url"),
    ),
    (
        "plan",
        "optionsPlan",
        Control::Select(&[
            ("free", "planFree"),
            ("guard_standard", "planGuardStandard"),
            ("enterprise", "planEnterprise"),
        ]),
    ),
    ("maxExpiryDays", "optionsMaxExpiry", Control::Number),
    (
        "allowFinalClick",
        "optionsAllowFinalClick",
        Control::Checkbox,
    ),
];

#[derive(Clone, Copy)]
enum Control {
    Select(&'static [(&'static str, &'static str)]),
    Text(&'static str),
    Number,
    Checkbox,
}

/// Entry point of options.html.
#[wasm_bindgen]
pub async fn start_options() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app"))?;
    let effective = effective_settings().await;
    render(&doc, &root, &effective)?;
    // The settings are on screen; the core's notices follow (a worker still starting only delays them).
    if let Some(unrecognised_tables) = diagnostics(false).await {
        if !unrecognised_tables.is_empty() {
            let main = root.first_element_child().unwrap_or_else(|| root.clone());
            let notices = render_notices(&doc, &unrecognised_tables)?;
            main.append_child(&notices)?;
        }
    }
    Ok(())
}

/// The `diagnostics` reply, read alone (pages read the one reply they expect; see `browser::tell`).
#[derive(serde::Deserialize)]
struct DiagnosticsReply {
    #[serde(default)]
    ok: bool,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    unrecognised_tables: Vec<TableNotice>,
}

/// The core's list of what it did not recognise (`clear` empties it first); `None` without an answer.
async fn diagnostics(clear: bool) -> Option<Vec<TableNotice>> {
    let reply = send_message(&to_js(&PageRequest::Diagnostics { clear }))
        .await
        .ok()?;
    from_js::<DiagnosticsReply>(&reply)
        .ok()
        .filter(|r| r.ok && r.kind == "diagnostics")
        .map(|r| r.unrecognised_tables)
}

/// "Not recognised on Atlassian's pages": each table Token Warden expected and could not read, with
/// the headers the page showed (page text: set as text only), and a button that clears the list.
fn render_notices(doc: &Document, notices: &[TableNotice]) -> Result<Element, JsValue> {
    let section = El::new(doc, "section")?
        .attr("class", "tw-notices")?
        .attr("aria-labelledby", "tw-notices-title")?
        .build();
    section.append_child(
        &El::new(doc, "h2")?
            .attr("id", "tw-notices-title")?
            .text(&t("noticesTitle"))
            .build(),
    )?;
    section.append_child(&El::new(doc, "p")?.text(&t("noticesIntro")).build())?;
    let list = El::new(doc, "ul")?.build();
    for notice in notices {
        let table = match notice.table.as_str() {
            "activity" => t("noticeTableActivity"),
            _ => t("noticeTableServiceAccounts"),
        };
        let headers = if notice.headers.is_empty() {
            t("noticeNoHeaders")
        } else {
            notice.headers.join(" · ")
        };
        let date = crate::util::date::iso_date(notice.at_ms);
        list.append_child(
            &El::new(doc, "li")?
                .text(&t_with("noticeTable", &[&table, &date, &headers]))
                .build(),
        )?;
    }
    section.append_child(&list)?;
    let clear = El::new(doc, "button")?
        .attr("type", "button")?
        .text(&t("noticesClear"))
        .build();
    let on_click = {
        let section = section.clone();
        Closure::<dyn FnMut()>::new(move || {
            let section = section.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if diagnostics(true).await.is_some() {
                    section.remove();
                }
            });
        })
    };
    clear.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget(); // the page renders once: one closure per page load
    section.append_child(&clear)?;
    Ok(section)
}

fn render(doc: &Document, root: &Element, effective: &Effective) -> Result<(), JsValue> {
    dom::clear(root);
    let values = serde_json::to_value(&effective.settings).unwrap_or(Value::Null);
    let main = El::new(doc, "main")?.attr("class", "tw-options")?.build();
    main.append_child(&El::new(doc, "h1")?.text(&t("optionsTitle")).build())?;
    if effective.managed {
        main.append_child(
            &El::new(doc, "p")?
                .attr("class", "tw-note")?
                .text(&t("optionsManaged"))
                .build(),
        )?;
    }
    if !effective.issues.is_empty() {
        let note = El::new(doc, "div")?
            .attr("class", "tw-issues")?
            .attr("role", "alert")?
            .build();
        note.append_child(&El::new(doc, "p")?.text(&t("policyIssues")).build())?;
        let list = El::new(doc, "ul")?.build();
        for issue in &effective.issues {
            list.append_child(
                &El::new(doc, "li")?
                    .text(&format!("{}: {}", issue.key, issue.problem))
                    .build(),
            )?;
        }
        note.append_child(&list)?;
        main.append_child(&note)?;
    }
    let status = El::new(doc, "p")?
        .attr("role", "status")?
        .attr("id", "tw-status")?
        .build();
    let form = El::new(doc, "div")?.attr("class", "tw-form")?.build();
    let status = Rc::new(status);
    for (key, label_key, control) in FIELDS {
        let id = format!("tw-{key}");
        let locked = effective.locked.contains(*key);
        let row = El::new(doc, "div")?.attr("class", "tw-row")?.build();
        let label = El::new(doc, "label")?
            .attr("for", &id)?
            .text(&t(label_key))
            .build();
        let current = values.get(*key).cloned().unwrap_or(Value::Null);
        let input = match control {
            Control::Select(options) => {
                let select = El::new(doc, "select")?.attr("id", &id)?.build();
                for (value, text_key) in *options {
                    let option = El::new(doc, "option")?
                        .attr("value", value)?
                        .text(&t(text_key))
                        .build();
                    if current.as_str() == Some(value) {
                        option.set_attribute("selected", "")?;
                    }
                    select.append_child(&option)?;
                }
                select
            }
            Control::Text(kind) => {
                let input = El::new(doc, "input")?
                    .attr("id", &id)?
                    .attr("type", kind)?
                    .build();
                if let Some(i) = input.dyn_ref::<HtmlInputElement>() {
                    i.set_value(current.as_str().unwrap_or_default());
                }
                input
            }
            Control::Number => {
                let input = El::new(doc, "input")?
                    .attr("id", &id)?
                    .attr("type", "number")?
                    .attr("min", "1")?
                    .attr("max", "365")?
                    .build();
                if let Some(i) = input.dyn_ref::<HtmlInputElement>() {
                    i.set_value(&current.as_u64().unwrap_or(90).to_string());
                }
                input
            }
            Control::Checkbox => {
                let input = El::new(doc, "input")?
                    .attr("id", &id)?
                    .attr("type", "checkbox")?
                    .build();
                if let Some(i) = input.dyn_ref::<HtmlInputElement>() {
                    i.set_checked(current.as_bool().unwrap_or(false));
                }
                input
            }
        };
        if matches!(control, Control::Checkbox) {
            row.append_child(&input)?;
            row.append_child(&label)?;
        } else {
            row.append_child(&label)?;
            row.append_child(&input)?;
        }
        if locked {
            input.set_attribute("disabled", "")?;
            input.set_attribute("aria-describedby", &format!("{id}-locked"))?;
            row.append_child(
                &El::new(doc, "span")?
                    .attr("class", "tw-locked")?
                    .attr("id", &format!("{id}-locked"))?
                    .text(&t("optionsLocked"))
                    .build(),
            )?;
        } else {
            let on_change = {
                let (key, status) = (*key, status.clone());
                let control = *control;
                Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                    let Some(value) = e.target().and_then(|t| read_control(&t, control)) else {
                        return;
                    };
                    let status = status.clone();
                    wasm_bindgen_futures::spawn_local(
                        async move { save(key, value, &status).await },
                    );
                })
            };
            input.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())?;
            on_change.forget();
        }
        form.append_child(&row)?;
    }
    main.append_child(&form)?;
    main.append_child(&status)?;
    root.append_child(&main)?;
    Ok(())
}

fn read_control(target: &web_sys::EventTarget, control: Control) -> Option<Value> {
    match control {
        Control::Select(_) => target
            .dyn_ref::<HtmlSelectElement>()
            .map(|s| Value::String(s.value())),
        Control::Text(_) => target
            .dyn_ref::<HtmlInputElement>()
            .map(|i| Value::String(i.value().trim().to_string())),
        Control::Number => target.dyn_ref::<HtmlInputElement>().map(|i| {
            i.value()
                .parse::<u32>()
                .map(Value::from)
                .unwrap_or(Value::Null)
        }),
        Control::Checkbox => target
            .dyn_ref::<HtmlInputElement>()
            .map(|i| Value::Bool(i.checked())),
    }
}

/// Saves one setting after checking it with the same parser policy goes through.
async fn save(key: &str, value: Value, status: &Element) {
    let problems = crate::policy::effective(&Value::Null, &json!({ key: value.clone() })).issues;
    if let Some(problem) = problems.first() {
        status.set_text_content(Some(&t_with("optionsInvalid", &[&problem.problem])));
        return;
    }
    let mut settings: Value = match storage_get(SETTINGS_KEY).await {
        Ok(v) if v.is_object() => super::browser::from_js(&v).unwrap_or_else(|_| json!({})),
        _ => json!({}),
    };
    if let Some(obj) = settings.as_object_mut() {
        obj.insert(key.to_string(), value);
    }
    let saved = storage_set(SETTINGS_KEY, &to_js(&settings)).await;
    status.set_text_content(Some(&t(if saved.is_ok() {
        "optionsSaved"
    } else {
        "optionsSaveFailed"
    })));
}
