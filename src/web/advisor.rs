//! The scope advisor page (issue 4): the scope analysis run locally in the extension. A person
//! picks a use-case template, or pastes source code, curl commands / `METHOD URL` lines, or opens a
//! HAR file; the page shows the least-privilege scopes with why each is there, the exposure against
//! the classic-scope baseline, unknown endpoints with their nearest templates, the solver's warnings
//! and a button to copy the scopes.
//!
//! Nothing leaves the browser: the page sends no message and makes no request; the analysis is the
//! pure `crate::scopes` code compiled into the wasm. Malformed input becomes a message on the page.

use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, Node};

use super::browser::{call_async, copy_to_clipboard, t, t_with, template_name, template_purpose};
use super::dom::{self, El};
use crate::atlassian::limits::CredentialKind;
use crate::scopes::solver::{Recommendation, SolverMethod};
use crate::scopes::{analyse_requests, source, templates, traffic, Analysis};

/// Largest HAR file the page reads (the whole text is parsed in memory).
const MAX_HAR_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// What the person analyses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Template,
    Source,
    Requests,
    Har,
}

const MODES: [Mode; 4] = [Mode::Template, Mode::Source, Mode::Requests, Mode::Har];

impl Mode {
    fn value(self) -> &'static str {
        match self {
            Mode::Template => "template",
            Mode::Source => "source",
            Mode::Requests => "requests",
            Mode::Har => "har",
        }
    }
    fn label(self) -> String {
        match self {
            Mode::Template => t("advisorModeTemplate"),
            Mode::Source => t("advisorModeSource"),
            Mode::Requests => t("advisorModeRequests"),
            Mode::Har => t("advisorModeHar"),
        }
    }
}

/// The credential kinds offered, default first: (value, kind).
const KINDS: [(&str, CredentialKind); 4] = [
    ("service_account_token", CredentialKind::ServiceAccountToken),
    ("service_account_oauth", CredentialKind::ServiceAccountOauth),
    ("scoped_personal_token", CredentialKind::ScopedPersonalToken),
    ("bitbucket_token", CredentialKind::BitbucketToken),
];

fn kind_label(kind: CredentialKind) -> String {
    match kind {
        CredentialKind::ServiceAccountToken => t("advisorKindServiceAccountToken"),
        CredentialKind::ServiceAccountOauth => t("advisorKindServiceAccountOauth"),
        CredentialKind::ScopedPersonalToken => t("advisorKindScopedPersonalToken"),
        CredentialKind::BitbucketToken => t("advisorKindBitbucketToken"),
    }
}

/// The page's controls, shared by its event handlers.
struct Page {
    doc: Document,
    radios: Vec<(Mode, HtmlInputElement)>,
    panels: Vec<(Mode, Element)>,
    template: HtmlSelectElement,
    purpose: Element,
    source: HtmlTextAreaElement,
    requests: HtmlTextAreaElement,
    har: HtmlInputElement,
    credential: HtmlSelectElement,
    status: Element,
    result: Element,
}

/// What an analysis produced, before rendering.
struct Outcome {
    analysis: Analysis,
    /// Lines of a request list that could not be read (never dropped silently).
    unreadable: Vec<traffic::UnreadableLine>,
    /// Requests of a HAR to hosts other than Atlassian's, skipped.
    skipped: usize,
    /// Shown when nothing was found to analyse.
    empty_message: String,
}

/// Entry point of advisor.html.
#[wasm_bindgen]
pub async fn start_advisor() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app"))?;
    render(&doc, &root)
}

fn cast<T: JsCast>(el: Element) -> Result<T, JsValue> {
    el.dyn_into::<T>()
        .map_err(|_| JsValue::from_str("unexpected element type"))
}

/// A `label` + control row.
fn row(doc: &Document, id: &str, label: &str, control: &Element) -> Result<Node, JsValue> {
    let row = El::new(doc, "div")?.attr("class", "tw-row")?.build();
    row.append_child(
        &El::new(doc, "label")?
            .attr("for", id)?
            .attr("class", "tw-field-label")?
            .text(label)
            .build(),
    )?;
    row.append_child(control)?;
    Ok(row.into())
}

fn textarea(doc: &Document, id: &str, placeholder: &str) -> Result<Element, JsValue> {
    Ok(El::new(doc, "textarea")?
        .attr("id", id)?
        .attr("rows", "10")?
        .attr("spellcheck", "false")?
        .attr("autocomplete", "off")?
        .attr("placeholder", placeholder)?
        .build())
}

fn render(doc: &Document, root: &Element) -> Result<(), JsValue> {
    dom::clear(root);
    let main = El::new(doc, "main")?.attr("class", "tw-advisor")?.build();
    main.append_child(&El::new(doc, "h1")?.text(&t("advisorTitle")).build())?;
    main.append_child(
        &El::new(doc, "p")?
            .attr("class", "tw-muted")?
            .text(&t("advisorIntro"))
            .build(),
    )?;

    // The choice of input.
    let modes = El::new(doc, "fieldset")?
        .attr("class", "tw-advisor-modes")?
        .child(
            &El::new(doc, "legend")?
                .text(&t("advisorInputLegend"))
                .build(),
        )?
        .build();
    let mut radios = Vec::new();
    for mode in MODES {
        let id = format!("tw-advisor-mode-{}", mode.value());
        let radio = El::new(doc, "input")?
            .attr("type", "radio")?
            .attr("name", "tw-advisor-mode")?
            .attr("id", &id)?
            .attr("value", mode.value())?
            .attr(
                "aria-controls",
                &format!("tw-advisor-panel-{}", mode.value()),
            )?
            .build();
        let radio: HtmlInputElement = cast(radio)?;
        radio.set_checked(mode == Mode::Template);
        let label = El::new(doc, "label")?
            .attr("for", &id)?
            .text(&mode.label())
            .build();
        modes.append_child(
            &El::new(doc, "span")?
                .attr("class", "tw-advisor-mode")?
                .child(&radio)?
                .child(&label)?
                .build(),
        )?;
        radios.push((mode, radio));
    }
    main.append_child(&modes)?;

    let mut panels = Vec::new();
    let panel = |mode: Mode| -> Result<Element, JsValue> {
        let p = El::new(doc, "div")?
            .attr("class", "tw-advisor-panel")?
            .attr("id", &format!("tw-advisor-panel-{}", mode.value()))?
            .build();
        if mode != Mode::Template {
            p.set_attribute("hidden", "")?;
        }
        Ok(p)
    };

    // (1) Templates.
    let template_panel = panel(Mode::Template)?;
    let template = El::new(doc, "select")?
        .attr("id", "tw-advisor-template")?
        .attr("aria-describedby", "tw-advisor-template-purpose")?
        .child(
            &El::new(doc, "option")?
                .attr("value", "")?
                .text(&t("advisorTemplateChoose"))
                .build(),
        )?
        .build();
    for tpl in templates::TEMPLATES {
        template.append_child(
            &El::new(doc, "option")?
                .attr("value", tpl.id)?
                .text(&template_name(tpl.id, tpl.name))
                .build(),
        )?;
    }
    template_panel.append_child(&row(
        doc,
        "tw-advisor-template",
        &t("advisorTemplateLabel"),
        &template,
    )?)?;
    let purpose = El::new(doc, "p")?
        .attr("id", "tw-advisor-template-purpose")?
        .attr("class", "tw-hint tw-advisor-purpose")?
        .build();
    template_panel.append_child(&purpose)?;
    panels.push((Mode::Template, template_panel));

    // (2) Source code.
    let source_panel = panel(Mode::Source)?;
    let source = textarea(
        doc,
        "tw-advisor-source",
        "requests.get(f\"{BASE}/rest/api/3/issue/{key}\")",
    )?;
    source_panel.append_child(&row(
        doc,
        "tw-advisor-source",
        &t("advisorSourceLabel"),
        &source,
    )?)?;
    panels.push((Mode::Source, source_panel));

    // (3) curl commands or METHOD URL lines.
    let requests_panel = panel(Mode::Requests)?;
    let requests = textarea(
        doc,
        "tw-advisor-requests",
        "GET https://your-site.atlassian.net/rest/api/3/myself",
    )?;
    requests_panel.append_child(&row(
        doc,
        "tw-advisor-requests",
        &t("advisorRequestsLabel"),
        &requests,
    )?)?;
    panels.push((Mode::Requests, requests_panel));

    // (4) A HAR file.
    let har_panel = panel(Mode::Har)?;
    let har = El::new(doc, "input")?
        .attr("type", "file")?
        .attr("id", "tw-advisor-har")?
        .attr("accept", ".har,.json,application/json")?
        .build();
    har_panel.append_child(&row(doc, "tw-advisor-har", &t("advisorHarLabel"), &har)?)?;
    har_panel.append_child(
        &El::new(doc, "p")?
            .attr("class", "tw-hint")?
            .text(&t("advisorHarHint"))
            .build(),
    )?;
    panels.push((Mode::Har, har_panel));
    for (_, p) in &panels {
        main.append_child(p)?;
    }

    // The credential kind.
    let credential = El::new(doc, "select")?
        .attr("id", "tw-advisor-credential")?
        .build();
    for (value, kind) in KINDS {
        credential.append_child(
            &El::new(doc, "option")?
                .attr("value", value)?
                .text(&kind_label(kind))
                .build(),
        )?;
    }
    main.append_child(&row(
        doc,
        "tw-advisor-credential",
        &t("advisorCredentialLabel"),
        &credential,
    )?)?;

    let analyse = El::new(doc, "button")?
        .attr("type", "button")?
        .attr("id", "tw-advisor-analyse")?
        .attr("class", "tw-button tw-primary")?
        .text(&t("advisorAnalyse"))
        .build();
    main.append_child(
        &El::new(doc, "div")?
            .attr("class", "tw-actions")?
            .child(&analyse)?
            .build(),
    )?;
    let status = El::new(doc, "p")?
        .attr("role", "status")?
        .attr("id", "tw-advisor-status")?
        .attr("class", "tw-advisor-status")?
        .build();
    main.append_child(&status)?;
    let result = El::new(doc, "div")?
        .attr("id", "tw-advisor-result")?
        .attr("class", "tw-advisor-result")?
        .build();
    main.append_child(&result)?;
    root.append_child(&main)?;

    let page = Rc::new(Page {
        doc: doc.clone(),
        radios,
        panels,
        template: cast(template)?,
        purpose,
        source: cast(source)?,
        requests: cast(requests)?,
        har: cast(har)?,
        credential: cast(credential)?,
        status,
        result,
    });
    wire(&page)
}

/// Attaches the handlers (they live as long as the page).
fn wire(page: &Rc<Page>) -> Result<(), JsValue> {
    for (_, radio) in &page.radios {
        let p = page.clone();
        let on_change = Closure::<dyn FnMut()>::new(move || p.show_mode());
        radio.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())?;
        on_change.forget();
    }

    let p = page.clone();
    let on_template = Closure::<dyn FnMut()>::new(move || {
        p.show_purpose();
        if !p.template.value().is_empty() {
            let p = p.clone();
            wasm_bindgen_futures::spawn_local(async move { p.analyse().await });
        }
    });
    page.template
        .add_event_listener_with_callback("change", on_template.as_ref().unchecked_ref())?;
    on_template.forget();

    let p = page.clone();
    let on_analyse = Closure::<dyn FnMut()>::new(move || {
        let p = p.clone();
        wasm_bindgen_futures::spawn_local(async move { p.analyse().await });
    });
    page.doc
        .get_element_by_id("tw-advisor-analyse")
        .ok_or_else(|| JsValue::from_str("no analyse button"))?
        .add_event_listener_with_callback("click", on_analyse.as_ref().unchecked_ref())?;
    on_analyse.forget();

    // One delegated handler for every "Copy scopes" button the results hold.
    let on_copy = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(button) = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("button[data-copy]").ok().flatten())
        else {
            return;
        };
        let text = button.get_attribute("data-copy").unwrap_or_default();
        let status = button
            .parent_element()
            .and_then(|parent| parent.query_selector("[data-copy-status]").ok().flatten());
        wasm_bindgen_futures::spawn_local(async move {
            let copied = copy_to_clipboard(&text).await;
            if let Some(status) = status {
                status.set_text_content(Some(&t(if copied {
                    "advisorCopied"
                } else {
                    "advisorCopyFailed"
                })));
            }
        });
    });
    page.result
        .add_event_listener_with_callback("click", on_copy.as_ref().unchecked_ref())?;
    on_copy.forget();
    Ok(())
}

impl Page {
    fn mode(&self) -> Mode {
        self.radios
            .iter()
            .find(|(_, r)| r.checked())
            .map(|(m, _)| *m)
            .unwrap_or(Mode::Template)
    }

    fn show_mode(&self) {
        let mode = self.mode();
        for (m, panel) in &self.panels {
            let _ = if *m == mode {
                panel.remove_attribute("hidden")
            } else {
                panel.set_attribute("hidden", "")
            };
        }
    }

    fn show_purpose(&self) {
        let text = templates::find(&self.template.value())
            .map(|tpl| template_purpose(tpl.id, tpl.purpose))
            .unwrap_or_default();
        self.purpose.set_text_content(Some(&text));
    }

    fn credential_kind(&self) -> CredentialKind {
        let value = self.credential.value();
        KINDS
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, k)| *k)
            .unwrap_or(CredentialKind::ServiceAccountToken)
    }

    async fn analyse(&self) {
        let credential = self.credential_kind();
        let outcome = match self.mode() {
            Mode::Template => analyse_template(&self.template.value(), credential),
            Mode::Source => analyse_source(&self.source.value(), credential),
            Mode::Requests => analyse_lines(&self.requests.value(), credential),
            Mode::Har => match read_file(&self.har).await {
                Ok(text) => analyse_har(&text, credential),
                Err(message) => Err(message),
            },
        };
        let rendered = match outcome {
            Ok(outcome) => self.render_outcome(&outcome),
            Err(message) => self.render_error(&message),
        };
        if rendered.is_err() {
            self.status
                .set_text_content(Some(&t("advisorRenderFailed")));
        }
    }

    fn render_error(&self, message: &str) -> Result<(), JsValue> {
        dom::clear(&self.result);
        self.status.set_text_content(None);
        self.result.append_child(
            &El::new(&self.doc, "p")?
                .attr("role", "alert")?
                .attr("class", "tw-error tw-advisor-error")?
                .text(message)
                .build(),
        )?;
        Ok(())
    }

    fn render_outcome(&self, outcome: &Outcome) -> Result<(), JsValue> {
        let doc = &self.doc;
        let out = &self.result;
        dom::clear(out);
        let analysis = &outcome.analysis;
        let matched = analysis
            .requests
            .len()
            .saturating_sub(analysis.unknown_count);
        self.status.set_text_content(Some(&t_with(
            "advisorSummary",
            &[
                &analysis.requests.len().to_string(),
                &matched.to_string(),
                &analysis.unknown_count.to_string(),
            ],
        )));

        if analysis.requests.is_empty() {
            out.append_child(
                &El::new(doc, "p")?
                    .attr("role", "alert")?
                    .attr("class", "tw-error tw-advisor-error")?
                    .text(&outcome.empty_message)
                    .build(),
            )?;
        }
        if outcome.skipped > 0 {
            out.append_child(
                &El::new(doc, "p")?
                    .attr("class", "tw-muted")?
                    .text(&t_with(
                        "advisorHarSkipped",
                        &[&outcome.skipped.to_string()],
                    ))
                    .build(),
            )?;
        }

        for (index, rec) in analysis.recommendations.iter().enumerate() {
            out.append_child(&self.recommendation(rec, index)?)?;
        }

        let unknown: Vec<_> = analysis
            .requests
            .iter()
            .filter(|r| r.operation.is_none())
            .collect();
        if !unknown.is_empty() {
            let section = section(doc, "tw-advisor-unknown", &t("advisorUnknownTitle"))?;
            section.append_child(
                &El::new(doc, "p")?
                    .attr("class", "tw-muted")?
                    .text(&t("advisorUnknownIntro"))
                    .build(),
            )?;
            let list = El::new(doc, "ul")?
                .attr("class", "tw-advisor-list")?
                .build();
            for r in unknown {
                let li = El::new(doc, "li")?.build();
                li.append_child(&request_line(doc, &r.evidence, &r.method, &r.url)?)?;
                if let Some(reason) = &r.matched.unknown_reason {
                    li.append_child(
                        &El::new(doc, "div")?
                            .attr("class", "tw-muted")?
                            .text(reason)
                            .build(),
                    )?;
                }
                let nearest = if r.matched.nearest.is_empty() {
                    t("advisorNoNearest")
                } else {
                    t_with("advisorNearest", &[&r.matched.nearest.join(", ")])
                };
                li.append_child(
                    &El::new(doc, "div")?
                        .attr("class", "tw-advisor-nearest")?
                        .text(&nearest)
                        .build(),
                )?;
                list.append_child(&li)?;
            }
            section.append_child(&list)?;
            out.append_child(&section)?;
        }

        if !outcome.unreadable.is_empty() {
            let section = section(doc, "tw-advisor-unreadable", &t("advisorUnreadableTitle"))?;
            let list = El::new(doc, "ul")?
                .attr("class", "tw-advisor-list")?
                .build();
            for line in &outcome.unreadable {
                let li = El::new(doc, "li")?
                    .text(&t_with(
                        "advisorUnreadableLine",
                        &[&line.line.to_string(), &line.reason],
                    ))
                    .build();
                li.append_child(
                    &El::new(doc, "code")?
                        .attr("class", "tw-advisor-code")?
                        .text(&line.text)
                        .build(),
                )?;
                list.append_child(&li)?;
            }
            section.append_child(&list)?;
            out.append_child(&section)?;
        }

        let known: Vec<_> = analysis
            .requests
            .iter()
            .filter_map(|r| r.operation.as_ref().map(|op| (r, op)))
            .collect();
        if !known.is_empty() {
            let section = section(doc, "tw-advisor-operations", &t("advisorOperationsTitle"))?;
            let list = El::new(doc, "ul")?
                .attr("class", "tw-advisor-list")?
                .build();
            for (r, op) in known {
                let li = El::new(doc, "li")?.build();
                li.append_child(&request_line(doc, &r.evidence, &r.method, &r.url)?)?;
                let mut text = t_with("advisorMatchedOperation", &[op]);
                if r.matched.mapped_from_v2 {
                    text.push(' ');
                    text.push_str(&t("advisorMappedFromV2"));
                }
                li.append_child(
                    &El::new(doc, "div")?
                        .attr("class", "tw-advisor-operation")?
                        .text(&text)
                        .build(),
                )?;
                list.append_child(&li)?;
            }
            section.append_child(&list)?;
            out.append_child(&section)?;
        }
        Ok(())
    }

    /// One recommendation: the scopes with their reasons, the exposure headline, the copy button,
    /// what else the scopes unlock and the warnings.
    fn recommendation(&self, rec: &Recommendation, index: usize) -> Result<Node, JsValue> {
        let doc = &self.doc;
        let section = section(
            doc,
            &format!("tw-advisor-rec-{index}"),
            &t_with("advisorScopesFor", &[&kind_label(rec.credential)]),
        )?;
        section.set_attribute("class", "tw-advisor-rec")?;
        let headline = match rec.exposure_ratio {
            Some(ratio) => t_with(
                "advisorExposure",
                &[
                    &percent(ratio),
                    &rec.exposure.to_string(),
                    &rec.baseline_exposure.to_string(),
                ],
            ),
            None => t_with("advisorExposureNoBaseline", &[&rec.exposure.to_string()]),
        };
        section.append_child(
            &El::new(doc, "p")?
                .attr("class", "tw-advisor-headline")?
                .text(&headline)
                .build(),
        )?;
        if !rec.baseline_scopes.is_empty() {
            section.append_child(
                &El::new(doc, "p")?
                    .attr("class", "tw-muted")?
                    .text(&t_with(
                        "advisorBaseline",
                        &[&rec.baseline_scopes.join(" ")],
                    ))
                    .build(),
            )?;
        }

        if rec.scopes.is_empty() {
            section.append_child(&El::new(doc, "p")?.text(&t("advisorNoScopes")).build())?;
        } else {
            let list = El::new(doc, "ul")?
                .attr("class", "tw-advisor-scopes")?
                .build();
            for choice in &rec.scopes {
                let li = El::new(doc, "li")?
                    .attr("data-scope", &choice.scope)?
                    .child(
                        &El::new(doc, "code")?
                            .attr("class", "tw-advisor-scope")?
                            .text(&choice.scope)
                            .build(),
                    )?
                    .build();
                if !choice.description.is_empty() {
                    li.append_child(
                        &El::new(doc, "div")?
                            .attr("class", "tw-muted")?
                            .text(&choice.description)
                            .build(),
                    )?;
                }
                li.append_child(
                    &El::new(doc, "div")?
                        .attr("class", "tw-advisor-why")?
                        .text(&t_with("advisorNeededBy", &[&choice.needed_by.join(", ")]))
                        .build(),
                )?;
                list.append_child(&li)?;
            }
            section.append_child(&list)?;
            let names: Vec<&str> = rec.scopes.iter().map(|s| s.scope.as_str()).collect();
            section.append_child(
                &El::new(doc, "div")?
                    .attr("class", "tw-actions")?
                    .child(
                        &El::new(doc, "button")?
                            .attr("type", "button")?
                            .attr("class", "tw-button")?
                            .attr("data-copy", &names.join(" "))?
                            .text(&t("advisorCopy"))
                            .build(),
                    )?
                    .child(
                        &El::new(doc, "span")?
                            .attr("role", "status")?
                            .attr("data-copy-status", "")?
                            .attr("class", "tw-muted")?
                            .build(),
                    )?
                    .build(),
            )?;
        }
        section.append_child(
            &El::new(doc, "p")?
                .attr("class", "tw-hint tw-advisor-method")?
                .text(&t(match rec.method {
                    SolverMethod::Exact => "advisorSolverExact",
                    SolverMethod::Heuristic => "advisorSolverHeuristic",
                }))
                .build(),
        )?;

        let sub = |title: String, items: Vec<String>| -> Result<(), JsValue> {
            if items.is_empty() {
                return Ok(());
            }
            section.append_child(&El::new(doc, "h3")?.text(&title).build())?;
            let list = El::new(doc, "ul")?
                .attr("class", "tw-advisor-list")?
                .build();
            for item in items {
                list.append_child(&El::new(doc, "li")?.text(&item).build())?;
            }
            section.append_child(&list)?;
            Ok(())
        };
        sub(
            t_with("advisorUnlocks", &[&rec.unlocked_count.to_string()]),
            rec.unlocked_examples.clone(),
        )?;
        sub(t("advisorNoScopeNeeded"), rec.no_scope_needed.clone())?;
        sub(
            t("advisorNoPublished"),
            rec.no_published_requirement.clone(),
        )?;
        sub(
            t("advisorUnsatisfiable"),
            rec.unsatisfiable
                .iter()
                .map(|u| format!("{}: {}", u.operation, u.reason))
                .collect(),
        )?;
        sub(t("advisorWarnings"), rec.warnings.clone())?;
        Ok(section.into())
    }
}

/// A section with an `h2` title it is labelled by.
fn section(doc: &Document, id: &str, title: &str) -> Result<Element, JsValue> {
    let title_id = format!("{id}-title");
    Ok(El::new(doc, "section")?
        .attr("id", id)?
        .attr("aria-labelledby", &title_id)?
        .child(
            &El::new(doc, "h2")?
                .attr("id", &title_id)?
                .text(title)
                .build(),
        )?
        .build())
}

/// `evidence: METHOD url` with the request in code style.
fn request_line(doc: &Document, evidence: &str, method: &str, url: &str) -> Result<Node, JsValue> {
    let line = El::new(doc, "div")?.build();
    let evidence = localised_evidence(evidence);
    if !evidence.is_empty() {
        line.append_child(
            &El::new(doc, "span")?
                .attr("class", "tw-muted")?
                .text(&format!("{evidence}: "))
                .build(),
        )?;
    }
    line.append_child(
        &El::new(doc, "code")?
            .attr("class", "tw-advisor-code")?
            .text(&format!("{method} {url}"))
            .build(),
    )?;
    Ok(line.into())
}

/// The parsers' evidence (`line 3`, `entry 12`) in the page's language.
fn localised_evidence(evidence: &str) -> String {
    if let Some(n) = evidence.strip_prefix("line ") {
        t_with("advisorEvidenceLine", &[n])
    } else if let Some(n) = evidence.strip_prefix("entry ") {
        t_with("advisorEvidenceEntry", &[n])
    } else {
        evidence.to_string()
    }
}

/// `0.123` → `12`, `0.004` → `0.4`.
fn percent(ratio: f64) -> String {
    let pct = ratio * 100.0;
    if pct > 0.0 && pct < 1.0 {
        format!("{pct:.1}")
    } else {
        format!("{pct:.0}")
    }
}

fn analyse_template(id: &str, credential: CredentialKind) -> Result<Outcome, String> {
    let template = templates::find(id).ok_or_else(|| t("advisorTemplateMissing"))?;
    let lines: Vec<(&str, &str)> = template
        .operations
        .iter()
        .map(|line| line.split_once(' ').unwrap_or(("GET", line)))
        .collect();
    let analysis = analyse_requests(
        lines
            .iter()
            .map(|(method, path)| (*method, *path, String::new())),
        credential,
    );
    Ok(Outcome {
        analysis,
        unreadable: Vec::new(),
        skipped: 0,
        empty_message: t("advisorTemplateMissing"),
    })
}

fn analyse_source(text: &str, credential: CredentialKind) -> Result<Outcome, String> {
    if text.trim().is_empty() {
        return Err(t("advisorSourceEmpty"));
    }
    let calls = source::scan_source("", text);
    let analysis = analyse_requests(
        calls.iter().map(|c| {
            (
                c.method.as_str(),
                c.url.as_str(),
                format!("line {}", c.line),
            )
        }),
        credential,
    );
    Ok(Outcome {
        analysis,
        unreadable: Vec::new(),
        skipped: 0,
        empty_message: t("advisorSourceNothing"),
    })
}

fn analyse_lines(text: &str, credential: CredentialKind) -> Result<Outcome, String> {
    if text.trim().is_empty() {
        return Err(t("advisorRequestsEmpty"));
    }
    let (requests, unreadable) = traffic::parse_request_lines(text);
    let analysis = analyse_requests(
        requests
            .iter()
            .map(|r| (r.method.as_str(), r.url.as_str(), r.evidence.clone())),
        credential,
    );
    Ok(Outcome {
        analysis,
        unreadable,
        skipped: 0,
        empty_message: t("advisorRequestsNothing"),
    })
}

fn analyse_har(text: &str, credential: CredentialKind) -> Result<Outcome, String> {
    let (requests, skipped) =
        traffic::parse_har(text).map_err(|e| t_with("advisorHarError", &[&e.0]))?;
    let analysis = analyse_requests(
        requests
            .iter()
            .map(|r| (r.method.as_str(), r.url.as_str(), r.evidence.clone())),
        credential,
    );
    Ok(Outcome {
        analysis,
        unreadable: Vec::new(),
        skipped,
        empty_message: t("advisorHarNothing"),
    })
}

/// The text of the file chosen in `input` (`File.text()`), or a message saying why not.
async fn read_file(input: &HtmlInputElement) -> Result<String, String> {
    let file = Reflect::get(input, &JsValue::from_str("files"))
        .and_then(|files| Reflect::get(&files, &JsValue::from_f64(0.0)))
        .ok()
        .filter(JsValue::is_object)
        .and_then(|f| f.dyn_into::<Object>().ok())
        .ok_or_else(|| t("advisorHarNoFile"))?;
    let size = Reflect::get(&file, &JsValue::from_str("size"))
        .ok()
        .and_then(|s| s.as_f64())
        .unwrap_or(0.0);
    if size > MAX_HAR_BYTES {
        return Err(t("advisorHarTooLarge"));
    }
    call_async(&file, "text", &[])
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| t("advisorHarUnreadable"))
}
