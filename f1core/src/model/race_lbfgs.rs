//! A plain `f64` vector with the argmin-math operations L-BFGS needs. Our
//! own type keeps argmin-math's `vec`/ndarray backends (and the rand and
//! getrandom crates they pull in, which break wasm32) out of the build.

use argmin_math::{
    ArgminAdd, ArgminDot, ArgminL1Norm, ArgminL2Norm, ArgminMinMax, ArgminMul, ArgminScaledAdd,
    ArgminSignum, ArgminSub, ArgminZeroLike,
};

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
