//! The `extern "C"` functions, one thin layer: panic boundary, pointer checks, handle lookup,
//! then one call into safe code.
#![allow(non_snake_case)]
pub mod auth_data;
pub mod crypt32;
pub mod sspi;
