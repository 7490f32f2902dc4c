//! Unit tests of the points systems on small hand-made seasons.
