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

/// One run made of parts, each with its own `(done, total)`: the parts are
/// laid end to end on one fixed `total` (each part's share given up front),
/// so the caller sees a single run that only moves forward.
pub struct Phases<'a> {
    progress: &'a mut dyn FnMut(usize, usize),
    total: usize,
    start: usize,
    last: usize,
}

impl<'a> Phases<'a> {
    /// Reports `(0, total)`.
    pub fn new(progress: &'a mut dyn FnMut(usize, usize), total: usize) -> Self {
        progress(0, total);
        Phases {
            progress,
            total,
            start: 0,
            last: 0,
        }
    }

    fn report(&mut self, at: usize) {
        let at = at.min(self.total);
        if at > self.last {
            self.last = at;
            (self.progress)(at, self.total);
        }
    }

    /// Runs one part worth `span` units of the whole, its own progress
    /// scaled into them; the part's end is reported when it returns.
    pub fn part<R>(
        &mut self,
        span: usize,
        work: impl FnOnce(&mut dyn FnMut(usize, usize)) -> R,
    ) -> R {
        let start = self.start;
        let out = work(&mut |done, total| {
            // A part with no units is done at once.
            let at = (done.min(total) * span).checked_div(total).unwrap_or(span);
            self.report(start + at);
        });
        self.start = start + span;
        self.report(self.start);
        out
    }

    /// Reports `(total, total)` unless the parts got there already.
    pub fn finish(mut self) {
        let total = self.total;
        if total == 0 {
            (self.progress)(0, 0);
        }
        self.report(total);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_lay_parts_end_to_end_and_only_move_forward() {
        let mut calls = Vec::new();
        let mut record = |d, t| calls.push((d, t));
        let mut p = Phases::new(&mut record, 12);
        p.part(2, |f| (0..=4).for_each(|i| f(i, 4)));
        let r = p.part(10, |f| {
            f(0, 5);
            f(1, 5);
            f(5, 5);
            7
        });
        p.finish();
        assert_eq!(r, 7);
        assert_eq!(calls, vec![(0, 12), (1, 12), (2, 12), (4, 12), (12, 12)]);
    }
}
