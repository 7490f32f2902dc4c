//! A plain `f64` vector with the argmin-math operations L-BFGS needs. Our
//! own type keeps argmin-math's `vec`/ndarray backends (and the rand and
//! getrandom crates they pull in, which break wasm32) out of the build.
//! Also the iteration progress of a run (`Reporting`).

use argmin::core::{CostFunction, Gradient};
use argmin_math::{
    ArgminAdd, ArgminDot, ArgminL1Norm, ArgminL2Norm, ArgminMinMax, ArgminMul, ArgminScaledAdd,
    ArgminSignum, ArgminSub, ArgminZeroLike,
};
use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Vector(pub Vec<f64>);

impl Vector {
    fn zip(&self, o: &Vector, f: impl Fn(f64, f64) -> f64) -> Vector {
        debug_assert_eq!(self.0.len(), o.0.len());
        Vector(self.0.iter().zip(&o.0).map(|(a, b)| f(*a, *b)).collect())
    }

    fn map(&self, f: impl Fn(f64) -> f64) -> Vector {
        Vector(self.0.iter().map(|a| f(*a)).collect())
    }
}

impl ArgminAdd<Vector, Vector> for Vector {
    fn add(&self, o: &Vector) -> Vector {
        self.zip(o, |a, b| a + b)
    }
}

impl ArgminAdd<f64, Vector> for Vector {
    fn add(&self, o: &f64) -> Vector {
        self.map(|a| a + o)
    }
}

impl ArgminSub<Vector, Vector> for Vector {
    fn sub(&self, o: &Vector) -> Vector {
        self.zip(o, |a, b| a - b)
    }
}

impl ArgminSub<f64, Vector> for Vector {
    fn sub(&self, o: &f64) -> Vector {
        self.map(|a| a - o)
    }
}

impl ArgminMul<Vector, Vector> for Vector {
    fn mul(&self, o: &Vector) -> Vector {
        self.zip(o, |a, b| a * b)
    }
}

impl ArgminMul<f64, Vector> for Vector {
    fn mul(&self, o: &f64) -> Vector {
        self.map(|a| a * o)
    }
}

impl ArgminDot<Vector, f64> for Vector {
    fn dot(&self, o: &Vector) -> f64 {
        self.0.iter().zip(&o.0).map(|(a, b)| a * b).sum()
    }
}

impl ArgminScaledAdd<Vector, f64, Vector> for Vector {
    fn scaled_add(&self, factor: &f64, v: &Vector) -> Vector {
        self.zip(v, |a, b| a + factor * b)
    }
}

impl ArgminL1Norm<f64> for Vector {
    fn l1_norm(&self) -> f64 {
        self.0.iter().map(|a| a.abs()).sum()
    }
}

impl ArgminL2Norm<f64> for Vector {
    fn l2_norm(&self) -> f64 {
        self.0.iter().map(|a| a * a).sum::<f64>().sqrt()
    }
}

impl ArgminSignum for Vector {
    fn signum(self) -> Vector {
        self.map(f64::signum)
    }
}

impl ArgminZeroLike for Vector {
    fn zero_like(&self) -> Vector {
        Vector(vec![0.0; self.0.len()])
    }
}

impl ArgminMinMax for Vector {
    fn min(x: &Vector, y: &Vector) -> Vector {
        x.zip(y, f64::min)
    }

    fn max(x: &Vector, y: &Vector) -> Vector {
        x.zip(y, f64::max)
    }
}

/// Progress of an L-BFGS run in iterations: argmin's observers must be
/// `'static`, so [`IterCounter`] only records the iteration, and
/// [`Reporting`] (which may borrow the caller's callback) passes it on the
/// next time the solver evaluates the problem.
pub(crate) struct IterCounter(pub Arc<AtomicU64>);

impl<I: argmin::core::State> argmin::core::observers::Observe<I> for IterCounter {
    fn observe_iter(
        &mut self,
        state: &I,
        _kv: &argmin::core::KV,
    ) -> Result<(), argmin::core::Error> {
        self.0.store(state.get_iter(), Ordering::Relaxed);
        Ok(())
    }
}

/// A problem that reports `(iterations done, max_iters)` as it is evaluated;
/// the values it returns are the inner problem's, untouched.
pub(crate) struct Reporting<'a, P> {
    pub inner: P,
    pub iters: Arc<AtomicU64>,
    pub total: usize,
    pub last: Cell<usize>,
    pub progress: RefCell<&'a mut dyn FnMut(usize, usize)>,
}

impl<P> Reporting<'_, P> {
    fn tick(&self) {
        // The last unit is reported by the caller once the run returns.
        let done = (self.iters.load(Ordering::Relaxed) as usize).min(self.total.saturating_sub(1));
        if done > self.last.get() {
            self.last.set(done);
            (self.progress.borrow_mut())(done, self.total);
        }
    }
}

impl<P: CostFunction<Param = Vector, Output = f64>> CostFunction for Reporting<'_, P> {
    type Param = Vector;
    type Output = f64;
    fn cost(&self, w: &Vector) -> Result<f64, argmin::core::Error> {
        self.tick();
        self.inner.cost(w)
    }
}

impl<P: Gradient<Param = Vector, Gradient = Vector>> Gradient for Reporting<'_, P> {
    type Param = Vector;
    type Gradient = Vector;
    fn gradient(&self, w: &Vector) -> Result<Vector, argmin::core::Error> {
        self.tick();
        self.inner.gradient(w)
    }
}
