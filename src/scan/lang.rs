//! The languages the scanner reads: which file is which language, and its tree-sitter grammar.

use std::path::Path;

/// A source language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Python,
    JavaScript,
    TypeScript,
    Tsx,
    Go,
    Java,
    Kotlin,
    Ruby,
    Php,
    CSharp,
    Shell,
    PowerShell,
    Rust,
}

impl Language {
    /// The language of a file, from its extension or (for scripts without one) its `#!` line.
    pub fn of_path(path: &Path) -> Option<Language> {
        let ext = path.extension().and_then(|e| e.to_str());
        let by_ext = match ext.map(str::to_ascii_lowercase).as_deref() {
            Some("py") => Some(Language::Python),
            Some("js" | "mjs" | "cjs" | "jsx") => Some(Language::JavaScript),
            Some("ts" | "mts" | "cts") => Some(Language::TypeScript),
            Some("tsx") => Some(Language::Tsx),
            Some("go") => Some(Language::Go),
            Some("java") => Some(Language::Java),
            Some("kt" | "kts") => Some(Language::Kotlin),
            Some("rb" | "rake") => Some(Language::Ruby),
            Some("php") => Some(Language::Php),
            Some("cs") => Some(Language::CSharp),
            Some("sh" | "bash" | "zsh") => Some(Language::Shell),
            Some("ps1" | "psm1") => Some(Language::PowerShell),
            Some("rs") => Some(Language::Rust),
            _ => None,
        };
        if by_ext.is_some() || ext.is_some() {
            return by_ext;
        }
        Language::of_shebang(path)
    }

    /// Reads the first line of an extension-less file for `#!/usr/bin/env ruby` and the like.
    fn of_shebang(path: &Path) -> Option<Language> {
        use std::io::Read as _;
        let mut head = [0u8; 128];
        let n = std::fs::File::open(path).ok()?.read(&mut head).ok()?;
        let line = std::str::from_utf8(&head[..n]).ok()?.lines().next()?;
        let line = line.strip_prefix("#!")?;
        let interpreter = line.split_whitespace().last()?;
        Some(match interpreter.rsplit('/').next()? {
            "python" | "python3" => Language::Python,
            "node" => Language::JavaScript,
            "ruby" => Language::Ruby,
            "php" => Language::Php,
            "bash" | "sh" | "zsh" => Language::Shell,
            "pwsh" => Language::PowerShell,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
            Language::Tsx => "tsx",
            Language::Go => "go",
            Language::Java => "java",
            Language::Kotlin => "kotlin",
            Language::Ruby => "ruby",
            Language::Php => "php",
            Language::CSharp => "csharp",
            Language::Shell => "shell",
            Language::PowerShell => "powershell",
            Language::Rust => "rust",
        }
    }

    /// The tree-sitter grammar.
    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Language::Go => tree_sitter_go::LANGUAGE.into(),
            Language::Java => tree_sitter_java::LANGUAGE.into(),
            Language::Kotlin => tree_sitter_kotlin_ng::LANGUAGE.into(),
            Language::Ruby => tree_sitter_ruby::LANGUAGE.into(),
            Language::Php => tree_sitter_php::LANGUAGE_PHP.into(),
            Language::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
            Language::Shell => tree_sitter_bash::LANGUAGE.into(),
            Language::PowerShell => tree_sitter_powershell::LANGUAGE.into(),
            Language::Rust => tree_sitter_rust::LANGUAGE.into(),
        }
    }
}
