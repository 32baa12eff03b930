//! Sprig's math functions: int64 arithmetic over spf13/cast conversions (`add`, `div`, `max`),
//! float64 arithmetic through shopspring/decimal (`addf`, `divf`), rounding and `randInt`.

use cw_template::{FuncError, Function, Param, Signature, Value};

use crate::conversion::{to_float64, to_int64};
use crate::{FuncDoc, Registry};

/// A decimal `mantissa × 10^exp`, as shopspring/decimal holds the values Sprig's float
/// functions compute with.
#[derive(Clone, Copy)]
struct Decimal {
    mantissa: i128,
    exp: i32,
}

impl Decimal {
    /// `decimal.NewFromFloat`: the shortest decimal that reads back as `f`.
    fn from_f64(f: f64) -> Result<Decimal, FuncError> {
        if !f.is_finite() {
            return Err(FuncError::msg(format!(
                "Cannot create a Decimal from {}",
                cw_template::fmt::sprint(&[Value::Float(f)])
            )));
        }
        let text = format!("{f:e}");
        let (m, e) = text.split_once('e').unwrap_or((&text, "0"));
        let exp: i32 = e.parse().unwrap_or(0);
        let (int, frac) = m.split_once('.').unwrap_or((m, ""));
        let digits = format!("{int}{frac}");
        let mantissa: i128 = digits.parse().unwrap_or(0);
        Ok(Decimal {
            mantissa,
            exp: exp - frac.len() as i32,
        })
    }

    fn to_f64(self) -> f64 {
        format!("{}e{}", self.mantissa, self.exp)
            .parse()
            .unwrap_or(0.0)
    }

    fn rescale(self, exp: i32) -> Option<i128> {
        let shift = self.exp.checked_sub(exp)?;
        if shift < 0 {
            return None;
        }
        self.mantissa.checked_mul(10i128.checked_pow(shift as u32)?)
    }

    fn add(self, o: Decimal) -> Option<Decimal> {
        let exp = self.exp.min(o.exp);
        Some(Decimal {
            mantissa: self.rescale(exp)?.checked_add(o.rescale(exp)?)?,
            exp,
        })
    }

    fn sub(self, o: Decimal) -> Option<Decimal> {
        self.add(Decimal {
            mantissa: -o.mantissa,
            exp: o.exp,
        })
    }

    fn mul(self, o: Decimal) -> Option<Decimal> {
        Some(Decimal {
            mantissa: self.mantissa.checked_mul(o.mantissa)?,
            exp: self.exp.checked_add(o.exp)?,
        })
    }

    /// `Div`: the quotient rounded half away from zero to 16 decimal places.
    fn div(self, o: Decimal) -> Option<Decimal> {
        const PLACES: i32 = 16;
        // self / o = (ma / mb) × 10^(ea - eb); scaled to 10^-16 units.
        let k = self.exp - o.exp + PLACES;
        let (num, den) = if k >= 0 {
            (
                self.mantissa.checked_mul(10i128.checked_pow(k as u32)?)?,
                o.mantissa,
            )
        } else {
            (
                self.mantissa,
                o.mantissa.checked_mul(10i128.checked_pow((-k) as u32)?)?,
            )
        };
        let q = num / den;
        let r = num % den;
        let q = if r.checked_mul(2)?.abs() >= den.abs() {
            if (num < 0) != (den < 0) {
                q - 1
            } else {
                q + 1
            }
        } else {
            q
        };
        Some(Decimal {
            mantissa: q,
            exp: -PLACES,
        })
    }
}

#[derive(Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// Sprig's `execDecimalOp`: every operand through `toFloat64` and `NewFromFloat`, folded with
/// the operation, and read back as a float64.
fn exec_decimal_op(a: &Value, rest: &[Value], op: Op) -> Result<f64, FuncError> {
    let mut acc = Decimal::from_f64(to_float64(a))?;
    let mut approx = to_float64(a);
    let mut exact = true;
    for x in rest {
        let f = to_float64(x);
        let d = Decimal::from_f64(f)?;
        if let Op::Div = op {
            if d.mantissa == 0 {
                return Err(FuncError::msg("decimal division by 0"));
            }
        }
        approx = match op {
            Op::Add => approx + f,
            Op::Sub => approx - f,
            Op::Mul => approx * f,
            Op::Div => approx / f,
        };
        if exact {
            let next = match op {
                Op::Add => acc.add(d),
                Op::Sub => acc.sub(d),
                Op::Mul => acc.mul(d),
                Op::Div => acc.div(d),
            };
            match next {
                Some(n) => acc = n,
                // Beyond i128: the float result is what the exact decimal would round to.
                None => exact = false,
            }
        }
    }
    Ok(if exact { acc.to_f64() } else { approx })
}

/// Go's `math.Max`.
fn go_max(a: f64, b: f64) -> f64 {
    if a.is_infinite() && a > 0.0 || b.is_infinite() && b > 0.0 {
        return f64::INFINITY;
    }
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if a == 0.0 && b == 0.0 {
        return if a.is_sign_negative() { b } else { a };
    }
    if a > b {
        a
    } else {
        b
    }
}

/// Go's `math.Min`.
fn go_min(a: f64, b: f64) -> f64 {
    if a.is_infinite() && a < 0.0 || b.is_infinite() && b < 0.0 {
        return f64::NEG_INFINITY;
    }
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if a == 0.0 && b == 0.0 {
        return if a.is_sign_negative() { a } else { b };
    }
    if a < b {
        a
    } else {
        b
    }
}

/// Sprig's `round(a, places, roundOn=.5)`.
fn round(a: f64, places: i64, round_on: f64) -> f64 {
    let pow = 10f64.powf(places as f64);
    let digit = pow * a;
    let frac = digit.fract();
    let r = if frac >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    r / pow
}

fn divide_by_zero() -> FuncError {
    FuncError::msg("runtime error: integer divide by zero")
}

pub(crate) fn register(r: &mut Registry) {
    use Param::{Float64, Int};
    let f = &mut r.funcs;
    f.insert(
        "add1",
        Function::new(Signature::fixed(1), |_, a| {
            Ok(Value::Int64(to_int64(&a[0]).wrapping_add(1)))
        }),
    );
    f.insert(
        "add",
        Function::new(Signature::variadic(0), |_, a| {
            Ok(Value::Int64(
                a.iter().fold(0i64, |acc, v| acc.wrapping_add(to_int64(v))),
            ))
        }),
    );
    f.insert(
        "sub",
        Function::new(Signature::fixed(2), |_, a| {
            Ok(Value::Int64(to_int64(&a[0]).wrapping_sub(to_int64(&a[1]))))
        }),
    );
    f.insert(
        "div",
        Function::new(Signature::fixed(2), |_, a| {
            let d = to_int64(&a[1]);
            if d == 0 {
                return Err(divide_by_zero());
            }
            Ok(Value::Int64(to_int64(&a[0]).wrapping_div(d)))
        }),
    );
    f.insert(
        "mod",
        Function::new(Signature::fixed(2), |_, a| {
            let d = to_int64(&a[1]);
            if d == 0 {
                return Err(divide_by_zero());
            }
            Ok(Value::Int64(to_int64(&a[0]).wrapping_rem(d)))
        }),
    );
    f.insert(
        "mul",
        Function::new(Signature::variadic(1), |_, a| {
            Ok(Value::Int64(
                a[1..]
                    .iter()
                    .fold(to_int64(&a[0]), |acc, v| acc.wrapping_mul(to_int64(v))),
            ))
        }),
    );
    f.insert(
        "randInt",
        Function::new(Signature::typed(&[Int, Int], None), |_, a| {
            let min = a[0].as_int().unwrap_or(0);
            let max = a[1].as_int().unwrap_or(0);
            let n = max.wrapping_sub(min);
            if n <= 0 {
                return Err(FuncError::msg("invalid argument to Intn"));
            }
            Ok(Value::Int(fastrand::i64(0..n).wrapping_add(min)))
        }),
    );
    f.insert(
        "add1f",
        Function::new(Signature::fixed(1), |_, a| {
            Ok(Value::Float(exec_decimal_op(
                &a[0],
                &[Value::Int(1)],
                Op::Add,
            )?))
        }),
    );
    f.insert(
        "addf",
        Function::new(Signature::variadic(0), |_, a| {
            Ok(Value::Float(exec_decimal_op(
                &Value::Float(0.0),
                &a,
                Op::Add,
            )?))
        }),
    );
    for (name, op) in [("subf", Op::Sub), ("divf", Op::Div), ("mulf", Op::Mul)] {
        f.insert(
            name,
            Function::new(Signature::variadic(1), move |_, a| {
                Ok(Value::Float(exec_decimal_op(&a[0], &a[1..], op)?))
            }),
        );
    }
    for name in ["biggest", "max"] {
        f.insert(
            name,
            Function::new(Signature::variadic(1), |_, a| {
                Ok(Value::Int64(
                    a[1..].iter().map(to_int64).fold(to_int64(&a[0]), i64::max),
                ))
            }),
        );
    }
    f.insert(
        "min",
        Function::new(Signature::variadic(1), |_, a| {
            Ok(Value::Int64(
                a[1..].iter().map(to_int64).fold(to_int64(&a[0]), i64::min),
            ))
        }),
    );
    f.insert(
        "maxf",
        Function::new(Signature::variadic(1), |_, a| {
            Ok(Value::Float(
                a[1..]
                    .iter()
                    .map(to_float64)
                    .fold(to_float64(&a[0]), go_max),
            ))
        }),
    );
    f.insert(
        "minf",
        Function::new(Signature::variadic(1), |_, a| {
            Ok(Value::Float(
                a[1..]
                    .iter()
                    .map(to_float64)
                    .fold(to_float64(&a[0]), go_min),
            ))
        }),
    );
    f.insert(
        "ceil",
        Function::new(Signature::fixed(1), |_, a| {
            Ok(Value::Float(to_float64(&a[0]).ceil()))
        }),
    );
    f.insert(
        "floor",
        Function::new(Signature::fixed(1), |_, a| {
            Ok(Value::Float(to_float64(&a[0]).floor()))
        }),
    );
    f.insert(
        "round",
        Function::new(
            Signature::typed(&[Param::Any, Int], Some(Float64)),
            |_, a| {
                let on = match a.get(2) {
                    Some(Value::Float(x)) => *x,
                    _ => 0.5,
                };
                Ok(Value::Float(round(
                    to_float64(&a[0]),
                    a[1].as_int().unwrap_or(0),
                    on,
                )))
            },
        ),
    );
    docs(r);
}

fn docs(r: &mut Registry) {
    let d: &[(&'static str, &'static str, &'static str, &'static str)] = &[
        (
            "add1",
            "add1(i interface{}) int64",
            "Adds 1 (as int64; floats are truncated first).",
            "{{ add1 2 }} → 3",
        ),
        (
            "add",
            "add(i ...interface{}) int64",
            "Sums integers (floats are truncated first).",
            "{{ add 1 2 3 }} → 6",
        ),
        (
            "sub",
            "sub(a, b interface{}) int64",
            "Subtracts b from a as int64.",
            "{{ sub 10 3 }} → 7",
        ),
        (
            "div",
            "div(a, b interface{}) int64",
            "Integer division (truncates toward zero); dividing by 0 fails.",
            "{{ div 7 2 }} → 3",
        ),
        (
            "mod",
            "mod(a, b interface{}) int64",
            "Integer remainder; 0 as divisor fails.",
            "{{ mod 7 3 }} → 1",
        ),
        (
            "mul",
            "mul(a interface{}, v ...interface{}) int64",
            "Multiplies integers (floats are truncated first).",
            "{{ mul 2 3 }} → 6",
        ),
        (
            "randInt",
            "randInt(min, max int) int",
            "A random integer in [min, max).",
            "{{ randInt 1 10 }} → 7",
        ),
        (
            "add1f",
            "add1f(i interface{}) float64",
            "Adds 1 in decimal arithmetic.",
            "{{ add1f 1.5 }} → 2.5",
        ),
        (
            "addf",
            "addf(i ...interface{}) float64",
            "Sums floats in decimal arithmetic (0.1+0.2 is 0.3).",
            "{{ addf 0.1 0.2 }} → 0.3",
        ),
        (
            "subf",
            "subf(a interface{}, v ...interface{}) float64",
            "Subtracts floats in decimal arithmetic.",
            "{{ subf 10 2.5 }} → 7.5",
        ),
        (
            "divf",
            "divf(a interface{}, v ...interface{}) float64",
            "Divides floats (16 decimal places).",
            "{{ divf 10 4 }} → 2.5",
        ),
        (
            "mulf",
            "mulf(a interface{}, v ...interface{}) float64",
            "Multiplies floats in decimal arithmetic.",
            "{{ mulf 2.7 2 }} → 5.4",
        ),
        (
            "biggest",
            "biggest(a interface{}, i ...interface{}) int64",
            "The largest integer (alias of max).",
            "{{ biggest 1 5 3 }} → 5",
        ),
        (
            "max",
            "max(a interface{}, i ...interface{}) int64",
            "The largest integer.",
            "{{ max 1 5 3 }} → 5",
        ),
        (
            "min",
            "min(a interface{}, i ...interface{}) int64",
            "The smallest integer.",
            "{{ min 3 1 2 }} → 1",
        ),
        (
            "maxf",
            "maxf(a interface{}, i ...interface{}) float64",
            "The largest float.",
            "{{ maxf 1 2.5 }} → 2.5",
        ),
        (
            "minf",
            "minf(a interface{}, i ...interface{}) float64",
            "The smallest float.",
            "{{ minf 1.5 -2.5 }} → -2.5",
        ),
        (
            "ceil",
            "ceil(a interface{}) float64",
            "Rounds up to an integer value.",
            "{{ ceil 1.1 }} → 2",
        ),
        (
            "floor",
            "floor(a interface{}) float64",
            "Rounds down to an integer value.",
            "{{ floor 1.9 }} → 1",
        ),
        (
            "round",
            "round(a interface{}, places int, roundOn ...float64) float64",
            "Rounds to a number of decimal places, up from the roundOn fraction (default .5).",
            "{{ round 3.14159 2 }} → 3.14",
        ),
    ];
    for &(name, signature, summary, example) in d {
        r.docs.push(FuncDoc {
            name,
            signature,
            summary,
            example,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_ops_match_shopspring() {
        let v = |x: f64| Value::Float(x);
        assert_eq!(exec_decimal_op(&v(0.1), &[v(0.2)], Op::Add).ok(), Some(0.3));
        assert_eq!(exec_decimal_op(&v(2.7), &[v(2.0)], Op::Mul).ok(), Some(5.4));
        assert_eq!(
            exec_decimal_op(&v(2.0), &[v(3.0)], Op::Div).ok(),
            Some(0.666_666_666_666_666_7)
        );
        assert!(exec_decimal_op(&v(1.0), &[v(0.0)], Op::Div).is_err());
    }

    #[test]
    fn randint_is_pinned_by_the_seed() {
        fastrand::seed(3);
        let a = fastrand::i64(0..100);
        fastrand::seed(3);
        assert_eq!(a, fastrand::i64(0..100));
    }
}
