//! The scope catalog, the request→operation matcher, the least-privilege solver and the use-case
//! templates. (Filled in by the scope-intelligence work; see issue 4.)
