//! Fuzzes settings/policy merging (`policy::effective`) on arbitrary JSON. The input is two JSON
//! documents separated by a NUL byte (settings, then policy; one document is the policy over empty
//! settings); unparsable halves become `null`. Invariants: never a panic; only keys the policy
//! object has are locked; a non-object policy applies nothing; the guard never ends weaker than
//! `warn` when policy asked for a mode that could not be read; the result serialises.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use token_warden::policy::GuardMode;
use token_warden::policy;

fuzz_target!(|data: &[u8]| {
    let (settings, policy) = match data.iter().position(|&b| b == 0) {
        Some(at) => (parse(&data[..at]), parse(&data[at + 1..])),
        None => (Value::Object(Default::default()), parse(data)),
    };
    let e = policy::effective(&settings, &policy);
    match policy.as_object() {
        Some(keys) => {
            assert!(e.locked.iter().all(|k| keys.contains_key(k)));
            assert_eq!(e.managed, !keys.is_empty());
            assert!(e.locked.len() + e.issues.len() == keys.len());
        }
        None => {
            assert!(e.locked.is_empty() && !e.managed);
            assert_eq!(e.issues.len(), usize::from(!policy.is_null()));
        }
    }
    if e.issues.iter().any(|i| i.key == "guardMode") {
        assert!(!matches!(
            e.settings.guard_mode,
            GuardMode::Off | GuardMode::Inform
        ));
    }
    assert!(e.settings.max_expiry_days >= 1);
    let json = serde_json::to_value(&e).expect("the effective settings serialise");
    // The merged settings read back as the same settings (the extension stores them as JSON).
    let again: policy::Settings =
        serde_json::from_value(json["settings"].clone()).expect("the settings read back");
    assert_eq!(again, e.settings);
});

fn parse(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or(Value::Null)
}
