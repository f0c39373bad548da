#pragma once
// The integral of the Macdonald function K0, which the Coulomb operator V(q) needs cell by cell:
//   IK0(x) = int_0^x K0(t) dt  (odd in x),   Ki1(x) = int_x^inf K0(t) dt = pi/2 - IK0(x).
// Accuracy contract: relative error below 1e-13 for IK0 on x in [1e-6, 50] (checked against
// 40-digit quadrature) and for Ki1 on x in (0, 700]; Ki1 underflows to 0 beyond.
// The method and why: docs/design.md#ribbon-coulomb. Both are pure functions, thread-safe,
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

}  // namespace specsweep::ribbon
