//! The fuzz targets' shared harness (also compiled into the seed generator, fuzz/seeds).
pub mod harness;
