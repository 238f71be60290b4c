//! The guard's panel: an extension page the content script mounts in an iframe over Atlassian's page
//! (so the page can neither read nor restyle it). It explains why a personal token is a liability,
//! asks in one step what the token is for, shows the recommendation for that answer (computed here by
//! the same core), and sends the person's choice to the background, which tells the content script.
//!
//! `?view=banner` renders the quiet banner of the `inform` mode instead.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent};

use super::browser::{copy_to_clipboard, send_message, t, t_with, template_name, template_purpose};
use super::dom::{self, El};
use crate::atlassian::pages::PrefillApp;
use crate::guard::{self, Advice, Choice, PanelModel, Use};
use crate::handoff;
use crate::protocol::PageRequest;
use crate::wire::{self, Json};

/// Sends one of the panel's requests and returns the reply, whose `type` must be `tag`. The panel
/// reads and writes its messages with `crate::wire` instead of serde_json (the size of this module
/// is what a click waits for; src/wire.rs says why and how the two are kept in agreement).
async fn ask(request: &PageRequest, tag: &str) -> Result<Json, String> {
    let text =
        wire::write_page_request(request).ok_or_else(|| "not a panel request".to_string())?;
    let message = js_sys::JSON::parse(&text).map_err(|_| "unwritable request".to_string())?;
    let reply = send_message(&message)
        .await
        .map_err(|_| "the background did not answer".to_string())?;
    let text = js_sys::JSON::stringify(&reply)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "malformed reply: no value".to_string())?;
    wire::read_reply(&text, tag)
}

/// Entry point of panel.html.
#[wasm_bindgen]
pub async fn start_panel() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app"))?;
    let params = web_sys::UrlSearchParams::new_with_str(
        &web_sys::window()
            .map(|w| w.location().search().unwrap_or_default())
            .unwrap_or_default(),
    )?;
    if params.get("view").as_deref() == Some("banner") {
        return render_banner_into(&doc, &root);
    }
    // view=offer and view=checklist are rendered by the core module (extension/panel.js).
    let attempt: u32 = params
        .get("attempt")
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    // The key comes from our content script by message, never in the URL (which the page can read):
    // without it (a page framing panel.html itself) there is nothing to render.
    let key = super::checklist::receive("twKey").await.unwrap_or_default();
    PANEL_KEY.with(|k| *k.borrow_mut() = key.clone());
    // `prepared=1`: the content script loads this panel hidden before any click (see
    // extension/content/guard.js); it takes focus only once it is shown.
    let prepared = params.get("prepared").as_deref() == Some("1");
    let reply = ask(&PageRequest::PanelModel { attempt, key }, "panel_model").await;
    match reply
        .ok()
        .and_then(|r| r.get("model").and_then(wire::read_panel_model))
    {
        Some(model) => mount(&doc, &root, model, prepared),
        None => render_unavailable(&doc, &root, attempt),
    }
}

thread_local! {
    /// The key this panel was handed with its attempt (sent with each choice).
    static PANEL_KEY: RefCell<String> = const { RefCell::new(String::new()) };
}

/// What the panel is showing and what the person has answered so far.
struct PanelState {
    model: PanelModel,
    answer: Option<Use>,
    view: View,
    /// Whether a render moves focus to its first control. Not while a prepared panel is hidden: a
    /// focus() there would pull the page's focus into the hidden frame.
    focus_on_render: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Main,
    NeedReason,
    Request,
}

type Shared = Rc<RefCell<PanelState>>;

/// The control that takes focus when the panel appears: the chosen answer, else the first one.
const FIRST_CONTROL: &str = "#tw-reason, input[type=radio]:checked, input[type=radio]";

/// Renders the panel for a model into `root` and wires it (exported for the wasm tests).
pub fn render_panel_into(doc: &Document, root: &Element, model: PanelModel) -> Result<(), JsValue> {
    mount(doc, root, model, false)
}

fn mount(doc: &Document, root: &Element, model: PanelModel, prepared: bool) -> Result<(), JsValue> {
    let state: Shared = Rc::new(RefCell::new(PanelState {
        model,
        answer: None,
        view: View::Main,
        focus_on_render: !prepared,
    }));
    let on_key = {
        let state = state.clone();
        Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                let attempt = state.borrow().model.attempt;
                send_choice(
                    attempt,
                    Choice::NotNow,
                    None,
                    String::new(),
                    String::new(),
                    None,
                );
            }
        })
    };
    doc.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
    on_key.forget();
    // A prepared panel renders hidden without taking focus: when the content script reveals it and
    // focuses the frame, focus goes to the first control, as on a fresh render.
    if let Some(window) = web_sys::window() {
        let doc = doc.clone();
        let state = state.clone();
        let on_focus = Closure::<dyn FnMut()>::new(move || {
            state.borrow_mut().focus_on_render = true;
            let unfocused = doc.active_element().is_none_or(|a| {
                doc.body()
                    .is_some_and(|b| a == *b.unchecked_ref::<Element>())
            });
            if let (true, Ok(Some(first))) = (unfocused, doc.query_selector(FIRST_CONTROL)) {
                dom::focus(&first);
            }
        });
        window.add_event_listener_with_callback("focus", on_focus.as_ref().unchecked_ref())?;
        on_focus.forget(); // one listener for the page's life
    }
    render(doc, root, &state)?;
    Ok(())
}

fn render(doc: &Document, root: &Element, state: &Shared) -> Result<(), JsValue> {
    dom::clear(root);
    let view = state.borrow().view;
    let dialog = El::new(doc, "section")?
        .attr("role", "dialog")?
        .attr("aria-modal", "true")?
        .attr("aria-labelledby", "tw-title")?
        .attr("aria-describedby", "tw-body")?
        .attr("class", "tw-panel")?
        .build();
    root.append_child(&dialog)?;
    match view {
        View::Request => render_request(doc, root, &dialog, state)?,
        View::Main | View::NeedReason => render_main(doc, root, &dialog, state)?,
    }
    Ok(())
}

fn render_main(
    doc: &Document,
    root: &Element,
    dialog: &Element,
    state: &Shared,
) -> Result<(), JsValue> {
    let model = state.borrow().model.clone();
    dialog.append_child(
        &El::new(doc, "h1")?
            .attr("id", "tw-title")?
            .text(&t("panelTitle"))
            .build(),
    )?;
    let body = El::new(doc, "div")?.attr("id", "tw-body")?.build();
    for key in [
        "panelBodyOwner",
        "panelBodyLeave",
        "panelBodyServiceAccount",
    ] {
        body.append_child(&El::new(doc, "p")?.text(&t(key)).build())?;
    }
    // What the page's prefilled link says the token is for, where that changes the advice.
    let app_note = match model.app {
        Some(PrefillApp::Bitbucket) => Some("panelAppBitbucket"),
        Some(PrefillApp::RovoMcp) => Some("panelAppRovoMcp"),
        _ => None,
    };
    if let Some(key) = app_note {
        body.append_child(
            &El::new(doc, "p")?
                .attr("class", "tw-note")?
                .attr("id", "tw-app-note")?
                .text(&t(key))
                .build(),
        )?;
    }
    dialog.append_child(&body)?;

    // One question: what is the token for?
    let fieldset = El::new(doc, "fieldset")?.attr("class", "tw-uses")?.build();
    fieldset.append_child(&El::new(doc, "legend")?.text(&t("panelQuestion")).build())?;
    let mut options: Vec<(String, String, String)> = model
        .uses
        .iter()
        .map(|u| {
            (
                format!("template:{}", u.id),
                template_name(&u.id, &u.name),
                template_purpose(&u.id, &u.purpose),
            )
        })
        .collect();
    options.push((
        "something_else".into(),
        t("useSomethingElse"),
        String::new(),
    ));
    options.push(("only_me".into(), t("useOnlyMe"), t("useOnlyMeHint")));
    let current = state.borrow().answer.clone();
    for (i, (value, name, hint)) in options.iter().enumerate() {
        let id = format!("tw-use-{i}");
        let input = El::new(doc, "input")?
            .attr("type", "radio")?
            .attr("name", "tw-use")?
            .attr("id", &id)?
            .attr("value", value)?
            .build();
        if current.as_ref().map(use_value).as_deref() == Some(value.as_str()) {
            input.set_attribute("checked", "")?;
        }
        let label = El::new(doc, "label")?.attr("for", &id)?.text(name).build();
        let row = El::new(doc, "div")?
            .attr("class", "tw-use")?
            .child(&input)?
            .child(&label)?
            .build();
        if !hint.is_empty() {
            let hint_id = format!("{id}-hint");
            input.set_attribute("aria-describedby", &hint_id)?;
            row.append_child(
                &El::new(doc, "div")?
                    .attr("class", "tw-hint")?
                    .attr("id", &hint_id)?
                    .text(hint)
                    .build(),
            )?;
        }
        let on_change = {
            let (state, doc, root, value) =
                (state.clone(), doc.clone(), root.clone(), value.clone());
            Closure::<dyn FnMut()>::new(move || {
                state.borrow_mut().answer = parse_use(&value);
                let _ = render(&doc, &root, &state);
                if let Ok(Some(el)) = root.query_selector(&format!("input[value=\"{value}\"]")) {
                    dom::focus(&el);
                }
            })
        };
        input.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())?;
        on_change.forget();
        fieldset.append_child(&row)?;
    }
    dialog.append_child(&fieldset)?;

    // The integration's name (a service-account name is suggested from it).
    let name_label = El::new(doc, "label")?
        .attr("for", "tw-name")?
        .attr("class", "tw-field-label")?
        .text(&t("panelNameLabel"))
        .build();
    let name = El::new(doc, "input")?
        .attr("type", "text")?
        .attr("id", "tw-name")?
        .attr("maxlength", "100")?
        .attr("autocomplete", "off")?
        .build();
    if let Some(input) = name.dyn_ref::<HtmlInputElement>() {
        input.set_value(&model.label);
    }
    // The consent below shows the name the service account gets from it.
    let on_name = {
        let (state, doc) = (state.clone(), doc.clone());
        Closure::<dyn FnMut()>::new(move || {
            let s = state.borrow();
            let (Some(answer), Some(el)) = (&s.answer, doc.get_element_by_id("tw-consent-name"))
            else {
                return;
            };
            let typed = input_value(&doc, "tw-name");
            if let Some(preview) = consent_preview(&s.model, answer, &typed) {
                el.set_text_content(Some(&preview.name));
            }
        })
    };
    name.add_event_listener_with_callback("input", on_name.as_ref().unchecked_ref())?;
    on_name.forget();
    dialog.append_child(&name_label)?;
    dialog.append_child(&name)?;

    // Several organizations: the admin picks where the service account goes.
    if model.orgs.len() > 1 {
        let org_label = El::new(doc, "label")?
            .attr("for", "tw-org")?
            .attr("class", "tw-field-label")?
            .text(&t("panelOrgLabel"))
            .build();
        let org = El::new(doc, "select")?.attr("id", "tw-org")?.build();
        for id in &model.orgs {
            org.append_child(&El::new(doc, "option")?.attr("value", id)?.text(id).build())?;
        }
        dialog.append_child(&org_label)?;
        dialog.append_child(&org)?;
    }

    // The recommendation for the answer.
    let answer = state.borrow().answer.clone();
    let advice = answer.as_ref().and_then(|a| model.advice_for(a).cloned());
    let advice_region = render_advice(doc, &model, answer.as_ref(), advice.as_ref())?;
    dialog.append_child(&advice_region)?;

    // The choices, the recommended one first.
    let primary = advice
        .as_ref()
        .map(|a| a.primary)
        .unwrap_or(if model.admin_likely {
            Choice::ServiceAccount
        } else {
            Choice::AskAdmin
        });
    let mut order = vec![
        Choice::ServiceAccount,
        Choice::AskAdmin,
        Choice::ContinuePersonal,
        Choice::NotNow,
    ];
    order.retain(|c| *c != primary);
    order.insert(0, primary);
    let actions = El::new(doc, "div")?.attr("class", "tw-actions")?.build();
    for choice in order {
        if choice == Choice::ContinuePersonal && !model.can_continue {
            continue;
        }
        let (key, style) = match choice {
            Choice::ServiceAccount => ("choiceServiceAccount", "secondary"),
            Choice::AskAdmin => ("choiceAskAdmin", "secondary"),
            Choice::ContinuePersonal if advice.as_ref().is_some_and(|a| a.personal_ok) => {
                ("choiceContinueScoped", "secondary")
            }
            Choice::ContinuePersonal => ("choiceContinuePersonal", "secondary"),
            Choice::NotNow if !model.can_continue => ("choiceClose", "quiet"),
            Choice::NotNow => ("choiceNotNow", "quiet"),
        };
        let style = if choice == primary { "primary" } else { style };
        let button = El::new(doc, "button")?
            .attr("type", "button")?
            .attr("class", &format!("tw-button tw-{style}"))?
            .attr("data-choice", wire::choice_name(choice))?
            .text(&t(key))
            .build();
        let on_click = {
            let (state, doc, root) = (state.clone(), doc.clone(), root.clone());
            Closure::<dyn FnMut()>::new(move || on_choice(&doc, &root, &state, choice))
        };
        button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        on_click.forget();
        actions.append_child(&button)?;
    }
    dialog.append_child(&actions)?;

    if state.borrow().view == View::NeedReason {
        let reason_label = El::new(doc, "label")?
            .attr("for", "tw-reason")?
            .attr("class", "tw-field-label")?
            .text(&t("panelReasonLabel"))
            .build();
        let reason = El::new(doc, "textarea")?
            .attr("id", "tw-reason")?
            .attr("rows", "2")?
            .attr("maxlength", "500")?
            .attr("aria-describedby", "tw-reason-hint")?
            .build();
        let hint = El::new(doc, "p")?
            .attr("id", "tw-reason-hint")?
            .attr("class", "tw-hint")?
            .text(&t_with(
                "panelReasonHint",
                &[&guard::MIN_REASON_CHARS.to_string()],
            ))
            .build();
        let confirm = El::new(doc, "button")?
            .attr("type", "button")?
            .attr("class", "tw-button tw-primary")?
            .attr("data-choice", "confirm_reason")?
            .text(&t("panelReasonConfirm"))
            .build();
        let on_click = {
            let (state, doc, root) = (state.clone(), doc.clone(), root.clone());
            Closure::<dyn FnMut()>::new(move || {
                on_choice(&doc, &root, &state, Choice::ContinuePersonal)
            })
        };
        confirm.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        on_click.forget();
        let reason_box = El::new(doc, "div")?
            .attr("class", "tw-reason")?
            .child(&reason_label)?
            .child(&reason)?
            .child(&hint)?
            .child(&confirm)?
            .build();
        dialog.append_child(&reason_box)?;
        if state.borrow().focus_on_render {
            dom::focus(&reason);
        }
    } else if let (true, Ok(Some(first))) = (
        state.borrow().focus_on_render,
        dialog.query_selector(FIRST_CONTROL),
    ) {
        dom::focus(&first);
    }
    Ok(())
}

fn render_advice(
    doc: &Document,
    model: &PanelModel,
    answer: Option<&Use>,
    advice: Option<&Advice>,
) -> Result<Element, JsValue> {
    let region = El::new(doc, "div")?
        .attr("class", "tw-advice")?
        .attr("id", "tw-advice")?
        .attr("aria-live", "polite")?
        .build();
    let (Some(answer), Some(advice)) = (answer, advice) else {
        region.append_child(
            &El::new(doc, "p")?
                .attr("class", "tw-muted")?
                .text(&t("adviceChoose"))
                .build(),
        )?;
        return Ok(region);
    };
    match answer {
        Use::OnlyMe => {
            let key = if model.can_continue {
                "adviceOnlyMe"
            } else {
                "adviceOnlyMeBlocked"
            };
            region.append_child(
                &El::new(doc, "p")?
                    .text(&t_with(key, &[&advice.expiry_days.to_string()]))
                    .build(),
            )?;
        }
        Use::SomethingElse => {
            region.append_child(&El::new(doc, "p")?.text(&t("adviceSomethingElse")).build())?;
            let consent = consent_block(doc, model, answer)?;
            region.append_child(&consent)?;
        }
        Use::Template(_) => {
            let headline = match advice.exposure_times {
                Some(n) if n >= 2 => t_with(
                    "adviceScopesRatio",
                    &[&advice.scopes.len().to_string(), &n.to_string()],
                ),
                _ => t_with("adviceScopes", &[&advice.scopes.len().to_string()]),
            };
            region.append_child(
                &El::new(doc, "p")?
                    .attr("class", "tw-advice-head")?
                    .text(&headline)
                    .build(),
            )?;
            // What "Create a service account instead" will create, each scope with its reason.
            let consent = consent_block(doc, model, answer)?;
            region.append_child(&consent)?;
        }
    }
    Ok(region)
}

/// The consent for the service account the panel's button makes (the job the router will keep).
fn consent_block(doc: &Document, model: &PanelModel, answer: &Use) -> Result<Element, JsValue> {
    let name = input_value(doc, "tw-name");
    match consent_preview(model, answer, &name) {
        Some(preview) => super::checklist::render_consent(doc, &preview),
        // The background always sends it for the answers offered; without it, no summary to show.
        None => El::new(doc, "div").map(El::build),
    }
}

/// The consent for an answer under the name typed so far: the background's precomputed one,
/// renamed here (no solver in the panel's module).
fn consent_preview(
    model: &PanelModel,
    answer: &Use,
    typed: &str,
) -> Option<crate::handoff::ConsentModel> {
    let base = model.consent_for(answer)?;
    Some(guard::renamed_consent(
        base,
        model,
        answer,
        typed,
        js_sys::Date::now(),
    ))
}

fn on_choice(doc: &Document, root: &Element, state: &Shared, choice: Choice) {
    if choice == Choice::AskAdmin {
        state.borrow_mut().view = View::Request;
        let _ = render(doc, root, state);
        return;
    }
    let (attempt, answer) = {
        let s = state.borrow();
        (s.model.attempt, s.answer.clone())
    };
    let name = input_value(doc, "tw-name");
    let reason = input_value(doc, "tw-reason");
    let on_need_reason = {
        let (state, doc, root) = (state.clone(), doc.clone(), root.clone());
        Box::new(move || {
            if state.borrow().view == View::NeedReason {
                if let Some(hint) = doc.get_element_by_id("tw-reason-hint") {
                    let _ = hint.set_attribute("class", "tw-hint tw-error");
                    let _ = hint.set_attribute("role", "alert");
                }
            } else {
                state.borrow_mut().view = View::NeedReason;
                let _ = render(&doc, &root, &state);
            }
        }) as Box<dyn Fn()>
    };
    send_choice(attempt, choice, answer, name, reason, Some(on_need_reason));
}

/// The "Ask my admin" view: a complete request, and the channels policy configures.
fn render_request(
    doc: &Document,
    root: &Element,
    dialog: &Element,
    state: &Shared,
) -> Result<(), JsValue> {
    let (model, answer) = {
        let s = state.borrow();
        (
            s.model.clone(),
            s.answer.clone().unwrap_or(Use::SomethingElse),
        )
    };
    // Always present for the answers the panel offers (the background computed them); without it
    // the request says the scopes are unknown rather than guessing.
    let (scopes, expiry_days) = match model.advice_for(&answer) {
        Some(a) => (a.scopes.clone(), a.expiry_days),
        None => (
            Vec::new(),
            guard::SERVICE_ACCOUNT_EXPIRY_DAYS.min(model.max_expiry_days.max(1)),
        ),
    };
    let name_hint = input_value(doc, "tw-name");
    let fallback = match &answer {
        Use::Template(id) => format!("{id}-bot"),
        _ => "integration".into(),
    };
    let name = handoff::suggest_name(
        if name_hint.is_empty() {
            &model.label
        } else {
            &name_hint
        },
        &fallback,
    );
    let purpose = match &answer {
        Use::Template(id) => model
            .uses
            .iter()
            .find(|u| &u.id == id)
            .map(|u| template_name(&u.id, &u.name))
            .unwrap_or_default(),
        _ => name_hint.clone(),
    };
    let scopes_text: Vec<String> = scopes
        .iter()
        .map(|s| format!("- {} ({})", s.scope, s.reason))
        .collect();
    let subject = t_with("requestSubject", &[&name]);
    let body = [
        t("requestGreeting"),
        String::new(),
        t("requestIntro"),
        String::new(),
        t_with(
            "requestPurpose",
            &[if purpose.is_empty() { "—" } else { &purpose }],
        ),
        t_with("requestName", &[&name]),
        t("requestScopes"),
        if scopes_text.is_empty() {
            t("requestScopesUnknown")
        } else {
            scopes_text.join("\n")
        },
        t_with("requestExpiry", &[&expiry_days.to_string()]),
        String::new(),
        t("requestThanks"),
    ]
    .join("\n");

    dialog.append_child(
        &El::new(doc, "h1")?
            .attr("id", "tw-title")?
            .text(&t("requestTitle"))
            .build(),
    )?;
    dialog.append_child(
        &El::new(doc, "p")?
            .attr("id", "tw-body")?
            .text(&t("requestHelp"))
            .build(),
    )?;
    let label = El::new(doc, "label")?
        .attr("for", "tw-request")?
        .attr("class", "tw-field-label")?
        .text(&subject)
        .build();
    let text = El::new(doc, "textarea")?
        .attr("id", "tw-request")?
        .attr("rows", "10")?
        .attr("readonly", "")?
        .build();
    if let Some(area) = text.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(&body);
    }
    dialog.append_child(&label)?;
    dialog.append_child(&text)?;

    let actions = El::new(doc, "div")?.attr("class", "tw-actions")?.build();
    if !model.admin_contact.is_empty() {
        let href = format!(
            "mailto:{}?subject={}&body={}",
            model.admin_contact,
            crate::util::percent::percent_encode(&subject),
            crate::util::percent::percent_encode(&body)
        );
        let a = El::new(doc, "a")?
            .attr("class", "tw-button tw-primary")?
            .attr("href", &href)?
            .attr("target", "_blank")?
            .text(&t("requestEmail"))
            .build();
        actions.append_child(&a)?;
    }
    if !model.request_url_template.is_empty() {
        let scopes: Vec<&str> = scopes.iter().map(|s| s.scope.as_str()).collect();
        let href = handoff::fill_url_template(
            &model.request_url_template,
            &[
                ("name", &name),
                ("purpose", &purpose),
                ("scopes", &scopes.join(" ")),
                ("expiry", &expiry_days.to_string()),
                ("requester", ""),
            ],
        );
        let a = El::new(doc, "a")?
            .attr("class", "tw-button tw-primary")?
            .attr("href", &href)?
            .attr("target", "_blank")?
            .attr("rel", "noopener")?
            .text(&t("requestForm"))
            .build();
        actions.append_child(&a)?;
    }
    let copy = El::new(doc, "button")?
        .attr("type", "button")?
        .attr("class", "tw-button tw-secondary")?
        .attr("data-action", "copy")?
        .text(&t("requestCopy"))
        .build();
    let status = El::new(doc, "span")?
        .attr("role", "status")?
        .attr("class", "tw-hint")?
        .build();
    let on_copy = {
        let (status, text) = (status.clone(), format!("{subject}\n\n{body}"));
        Closure::<dyn FnMut()>::new(move || {
            let (status, text) = (status.clone(), text.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let ok = copy_to_clipboard(&text).await;
                status.set_text_content(Some(&t(if ok {
                    "requestCopied"
                } else {
                    "requestCopyFailed"
                })));
            });
        })
    };
    copy.add_event_listener_with_callback("click", on_copy.as_ref().unchecked_ref())?;
    on_copy.forget();
    actions.append_child(&copy)?;

    let done = El::new(doc, "button")?
        .attr("type", "button")?
        .attr("class", "tw-button tw-secondary")?
        .attr("data-action", "done")?
        .text(&t("requestDone"))
        .build();
    let on_done = {
        let state = state.clone();
        Closure::<dyn FnMut()>::new(move || {
            let (attempt, answer) = {
                let s = state.borrow();
                (s.model.attempt, s.answer.clone())
            };
            send_choice(
                attempt,
                Choice::AskAdmin,
                answer,
                String::new(),
                String::new(),
                None,
            );
        })
    };
    done.add_event_listener_with_callback("click", on_done.as_ref().unchecked_ref())?;
    on_done.forget();
    actions.append_child(&done)?;

    let back = El::new(doc, "button")?
        .attr("type", "button")?
        .attr("class", "tw-button tw-quiet")?
        .attr("data-action", "back")?
        .text(&t("requestBack"))
        .build();
    let on_back = {
        let (state, doc, root) = (state.clone(), doc.clone(), root.clone());
        Closure::<dyn FnMut()>::new(move || {
            state.borrow_mut().view = View::Main;
            let _ = render(&doc, &root, &state);
        })
    };
    back.add_event_listener_with_callback("click", on_back.as_ref().unchecked_ref())?;
    on_back.forget();
    actions.append_child(&back)?;
    actions.append_child(&status)?;
    dialog.append_child(&actions)?;
    if let Some(first) = actions.first_element_child() {
        dom::focus(&first);
    }
    Ok(())
}

/// Shown when the background has no record of the attempt (e.g. it was already decided).
fn render_unavailable(doc: &Document, root: &Element, attempt: u32) -> Result<(), JsValue> {
    dom::clear(root);
    let close = El::new(doc, "button")?
        .attr("type", "button")?
        .attr("class", "tw-button tw-primary")?
        .attr("data-choice", "not_now")?
        .text(&t("choiceNotNow"))
        .build();
    let on_click = Closure::<dyn FnMut()>::new(move || {
        send_choice(
            attempt,
            Choice::NotNow,
            None,
            String::new(),
            String::new(),
            None,
        )
    });
    close.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    let dialog = El::new(doc, "section")?
        .attr("role", "dialog")?
        .attr("aria-modal", "true")?
        .attr("aria-labelledby", "tw-title")?
        .attr("class", "tw-panel")?
        .child(
            &El::new(doc, "h1")?
                .attr("id", "tw-title")?
                .text(&t("panelTitle"))
                .build(),
        )?
        .child(&El::new(doc, "p")?.text(&t("panelBodyLeave")).build())?
        .build();
    // Without a key from our content script (a page framed panel.html itself) there is nothing to
    // click; our own frame (its attempt decided meanwhile) may still close.
    if !PANEL_KEY.with(|k| k.borrow().is_empty()) {
        dialog.append_child(&close)?;
        dom::focus(&close);
    }
    root.append_child(&dialog)?;
    Ok(())
}

/// The `inform` mode's banner: one calm sentence and a way to learn more.
fn render_banner_into(doc: &Document, root: &Element) -> Result<(), JsValue> {
    dom::clear(root);
    if let Some(body) = doc.body() {
        body.set_attribute("class", "tw-banner-page")?;
    }
    let close = El::new(doc, "button")?
        .attr("type", "button")?
        .attr("class", "tw-button tw-quiet")?
        .attr("data-action", "dismiss")?
        .text(&t("bannerDismiss"))
        .build();
    let on_click = Closure::<dyn FnMut()>::new(move || {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = ask(&PageRequest::DismissBanner {}, "choice").await;
        });
    });
    close.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    let banner = El::new(doc, "aside")?
        .attr("class", "tw-banner")?
        .attr("aria-labelledby", "tw-title")?
        .child(
            &El::new(doc, "h1")?
                .attr("id", "tw-title")?
                .text(&t("bannerTitle"))
                .build(),
        )?
        .child(&El::new(doc, "p")?.text(&t("bannerBody")).build())?
        .child(&close)?
        .build();
    root.append_child(&banner)?;
    Ok(())
}

/// How often, and how far apart, a choice refused for a not-yet-armed attempt is sent again (3 s in
/// all: a stopped worker restarting within the content script's own timeout).
const CHOICE_RETRIES: u32 = 30;
const CHOICE_RETRY_MS: i32 = 100;

fn send_choice(
    attempt: u32,
    choice: Choice,
    answer: Option<Use>,
    name: String,
    reason: String,
    on_need_reason: Option<Box<dyn Fn()>>,
) {
    let org = dom::document()
        .map(|d| input_value(&d, "tw-org"))
        .unwrap_or_default();
    let request = PageRequest::PanelChoice {
        attempt,
        key: PANEL_KEY.with(|k| k.borrow().clone()),
        choice,
        answer,
        name,
        reason,
        org,
    };
    wasm_bindgen_futures::spawn_local(async move {
        // If the background is gone the content script's own timeout releases the page.
        let mut reply = ask(&request, "choice").await;
        // A prepared panel is shown the moment the person clicks, while the click's own message is
        // still arming its attempt in the background; a choice that overtakes it is refused as
        // unknown. Ask again for a moment: the armed attempt then answers, a really unknown one
        // stays refused.
        for _ in 0..CHOICE_RETRIES {
            match &reply {
                Err(e) if e.contains("unknown attempt") => {
                    super::checklist::sleep(CHOICE_RETRY_MS).await;
                    reply = ask(&request, "choice").await;
                }
                _ => break,
            }
        }
        // `need_reason` defaults to false, as it did for serde.
        if let Some(true) = reply
            .ok()
            .and_then(|r| r.get("need_reason").and_then(Json::as_bool))
        {
            if let Some(f) = on_need_reason {
                f();
            }
        }
    });
}

fn input_value(doc: &Document, id: &str) -> String {
    let Some(el) = doc.get_element_by_id(id) else {
        return String::new();
    };
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    el.dyn_ref::<HtmlTextAreaElement>()
        .map(|t| t.value())
        .unwrap_or_default()
}

fn use_value(answer: &Use) -> String {
    match answer {
        Use::Template(id) => format!("template:{id}"),
        Use::SomethingElse => "something_else".into(),
        Use::OnlyMe => "only_me".into(),
    }
}

fn parse_use(value: &str) -> Option<Use> {
    match value {
        "something_else" => Some(Use::SomethingElse),
        "only_me" => Some(Use::OnlyMe),
        v => v
            .strip_prefix("template:")
            .map(|id| Use::Template(id.to_string())),
    }
}
