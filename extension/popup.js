// Entry of popup.html: start the Rust core and let it render the page.
import init, { start_popup } from './pkg/core.js';

await init({ module_or_path: new URL('./pkg/core_bg.wasm', import.meta.url) });
await start_popup();
document.documentElement.dataset.rendered = 'rust';
