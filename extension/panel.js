// Entry of panel.html: start the Rust core and let it render the page.
import init, { start_panel } from './pkg/token_warden.js';

await init({ module_or_path: new URL('./pkg/token_warden_bg.wasm', import.meta.url) });
await start_panel();
document.documentElement.dataset.rendered = 'rust';
