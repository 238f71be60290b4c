// Entry of advisor.html (the scope advisor): start the Rust core and let it render the page. The
// analysis runs here, in the page; nothing is sent anywhere.
import init, { start_advisor } from './pkg/core.js';

await init({ module_or_path: new URL('./pkg/core_bg.wasm', import.meta.url) });
await start_advisor();
document.documentElement.dataset.rendered = 'rust';
