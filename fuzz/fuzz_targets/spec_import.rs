//! Fuzzes the OpenAPI importer (`scopes import-spec`) for every product. Invariants: never a
//! panic; whatever it accepts renders as valid JSON naming the product it was imported as.

#![no_main]

use libfuzzer_sys::fuzz_target;
use token_warden::scopes::catalog::Product;
use token_warden::scopes::spec_import;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the product; the rest is the spec text.
    let Some((selector, spec)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(spec) else {
        return;
    };
    let product = Product::ALL[*selector as usize % Product::ALL.len()];
    if let Ok(output) = spec_import::import_spec(text, "fuzz.json", product) {
        let value: serde_json::Value =
            serde_json::from_str(&output).expect("the importer writes valid JSON");
        assert!(value.is_object(), "the data file is a JSON object");
    }
});
