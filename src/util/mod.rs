//! Small facts the crate needs in one place each, so two copies cannot drift apart: the civil
//! calendar (`date`), URL percent-encoding (`percent`) and which hosts are Atlassian's APIs (`hosts`).

pub mod date;
pub mod hosts;
pub mod percent;
