//! Progress of long work, for a progress bar (tqdm in Python) or a log.
//!
//! Long work takes `progress: &mut dyn FnMut(usize, usize)` and calls it
//! with `(done, total)`: first `(0, total)`, then after each unit of work,
//! last `(total, total)` when it finishes normally. `total` stays the same
//! through a run; units are coarse (a form combination of a tyre fit, a
//! batch of Monte Carlo races, a boosting round), so a run makes at most a
//! few thousand calls. It is called on the thread that runs the work (the
//! Python binding re-takes the GIL for each call). There is no cancellation:
//! a binding that wants Ctrl-C remembers the interrupt and raises it when the
//! work returns. A caller without a use for it passes `&mut ignore`.

/// The progress callback that does nothing.
pub fn ignore(_done: usize, _total: usize) {}
