//! placeholder
use super::walk::SourceFile;
use super::{FoundCall, Skipped, UnresolvedCall};
#[derive(Default)]
pub struct EngineResult { pub calls: Vec<FoundCall>, pub unresolved: Vec<UnresolvedCall>, pub skipped: Vec<Skipped>, pub files_parsed: usize }
pub fn scan_files(files: &[SourceFile]) -> EngineResult {
    let mut r = EngineResult::default();
    for f in files {
        r.files_parsed += 1;
        for c in crate::scopes::source::scan_source(&f.display, &f.text) {
            r.calls.push(FoundCall { file: c.file, line: c.line, method: c.method, method_source: if c.method_found {"from the call".into()} else {"method unknown, assumed GET".into()}, url: super::output::safe(&c.url), operation: None, resolution: "light scanner".into(), via: "url".into() });
        }
    }
    r
}
