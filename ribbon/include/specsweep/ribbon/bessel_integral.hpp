#pragma once
// Integrals of the Macdonald function K0, which the Coulomb operators need cell by cell
// (collocation: one integral; Galerkin, cell against cell: two):
//   IK0(x) = int_0^x K0(t) dt  (odd in x),   Ki1(x) = int_x^inf K0(t) dt = pi/2 - IK0(x),
//   JK0(x) = int_0^x IK0(t) dt (even),       Ki2(x) = int_x^inf Ki1(t) dt = JK0(x) - pi x/2 + 1.
// Accuracy contract: relative error below 1e-13 for IK0 on x in [1e-6, 50] (checked against
// 40-digit quadrature) and for Ki1 on x in (0, 700]; Ki1 underflows to 0 beyond. JK0 and Ki2
// (x >= 2) to 1e-14 relative, checked against tanh-sinh quadrature of their Cauchy forms.
// The method and why: docs/design.md#ribbon-coulomb. All are pure functions, thread-safe,
// O(1) each (at most about 40 series or trapezoid terms).
namespace specsweep::ribbon {

/// IK0(x) = int_0^x K0 = (pi x/2)[K0(x) L_{-1}(x) + K1(x) L0(x)] (Struve L) for |x| < 2,
/// pi/2 - Ki1(x) beyond, where the Struve functions grow like e^x.
/// @param x  any real; NaN gives NaN
/// @return IK0(x), in (-pi/2, pi/2)
double integral_k0(double x);

/// Bickley function Ki1(x) = int_x^inf K0(t) dt for x > 0: pi/2 - IK0(x) for x < 2, else the
/// trapezoidal rule on int_0^inf exp(-x cosh t)/cosh t dt, which converges exponentially.
/// Differences of Ki1 keep the far-cell Coulomb elements accurate where IK0 is near pi/2.
/// @param x  > 0; x <= 0 or NaN gives NaN (no exception)
/// @return Ki1(x) in (0, pi/2), 0 once e^-x underflows
double integral_k0_tail(double x);

/// JK0(x) = int_0^x IK0 = x IK0(x) + x K1(x) - 1 (even in x). For |x| < 2 the twice-integrated
/// series of K0, sum_k (x/2)^(2k) x^2 / ((k!)^2 (2k+1)(2k+2)) (c_k - ln(x/2)), all terms positive
/// (no cancellation of x K1(x) - 1 near 0); beyond, pi x/2 - 1 + Ki2(x).
double integral2_k0(double x);

/// Bickley function Ki2(x) = int_x^inf Ki1 = x K1(x) - x Ki1(x) for x > 0: JK0(x) - pi x/2 + 1 for
/// x < 2, else the trapezoidal rule on int_0^inf exp(-x cosh t)/cosh^2 t dt. A second difference of
/// JK0 over far cells is the same second difference of Ki2 (the linear part cancels exactly).
double integral2_k0_tail(double x);

}  // namespace specsweep::ribbon
