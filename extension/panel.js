// Entry of panel.html: start the Rust core and let it render the page. The guard's panel and banner
// come from the small `panel` module (the click waits for it); the hand-off checklist and the consent
// view of an in-page link, which read hand-off jobs and offers, from the `core` module.
const view = new URLSearchParams(location.search).get('view');
if (view === 'checklist' || view === 'offer') {
  const { default: init, start_checklist_page, start_offer_page } = await import('./pkg/core.js');
  await init({ module_or_path: new URL('./pkg/core_bg.wasm', import.meta.url) });
  await (view === 'offer' ? start_offer_page() : start_checklist_page());
} else {
  const { default: init, start_panel } = await import('./pkg/panel.js');
  await init({ module_or_path: new URL('./pkg/panel_bg.wasm', import.meta.url) });
  await start_panel();
}
document.documentElement.dataset.rendered = 'rust';
